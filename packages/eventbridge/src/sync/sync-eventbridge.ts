import type { SchemasClient } from '@aws-sdk/client-schemas';
import { detectDialect } from '@schemagate/core';
import { clientTokenFor } from './client-token.ts';
import {
  type DialectOf,
  type EventBridgeContent,
  fromEventBridgeContent,
  sameJsonDocument,
  toEventBridgeContent,
} from './content-conversion.ts';
import { type EventBridgeLink, withLink } from './eventbridge-link.ts';
import { EventBridgeSchemas, type RemoteSchemaSummary, type RemoteVersion } from './eventbridge-schemas.ts';
import { type LocalVersionSummary, type RegistryPort, UNRESOLVED_REFERENCE } from './registry-port.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import {
  planSchema,
  remoteUnchangedSinceSync,
  type SchemaPlan,
  type SyncDirection,
  unlinkedLocalVersions,
  unlinkedRemoteVersions,
} from './sync-plan.ts';

/** Options of {@link syncEventBridge}. */
export interface SyncOptions {
  /** The registry name, the same on both sides. */
  registry: string;
  direction: SyncDirection;
  /** A Schemas client; make it with `createSchemasClient` so SDK retries do not stack on ours. */
  client: SchemasClient;
  port: RegistryPort;
  /** Compute and return the plan; write nothing on either side. */
  dryRun?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Schemas processed at once (default 4). */
  concurrency?: number;
  /** ListSchemas/ListSchemaVersions page size; the service default when omitted. */
  pageSize?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Defaults to core's `detectDialect`. */
  dialectOf?: DialectOf;
}

/** Reported after each schema is done. */
export interface SyncProgress {
  done: number;
  total: number;
  schema: string;
}

/** One version copied (or, in a dry run, to be copied). */
export interface SyncAction {
  schema: string;
  direction: 'pull' | 'push';
  /** `create`: the schema is new on the target side; `update`: a version added to an existing schema. */
  kind: 'create' | 'update';
  localVersion?: number;
  eventbridgeVersion?: string;
  status: 'planned' | 'done';
}

export interface SyncRefusal {
  schema: string;
  version?: number;
  reason: string;
}

export interface SyncConflict {
  schema: string;
  /** Local versions EventBridge does not have. */
  localVersions: number[];
  /** EventBridge versions schemagate does not have. */
  eventbridgeVersions: string[];
  reason: string;
}

export interface SyncError {
  schema?: string;
  message: string;
}

/** The outcome of one sync run. Counts are versions; `unchanged` counts schemas. */
export interface SyncResult {
  registry: string;
  direction: SyncDirection;
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  refused: SyncRefusal[];
  conflicts: SyncConflict[];
  errors: SyncError[];
  actions: SyncAction[];
  /** Calls retried after throttling or a 5xx. */
  retries: number;
}

/**
 * Mirrors one registry between schemagate and the EventBridge Schema Registry.
 *
 * All sync state lives in `metadata.eventbridge` of local versions, so a run that stops halfway
 * leaves only versions that are fully linked or not there at all, and the next run picks up the
 * rest: pulled versions are registered together with their link; pushed versions go up with a
 * ClientTokenId derived from their fingerprint, so re-sending after a lost response creates nothing.
 *
 * @example
 * const result = await syncEventBridge({ registry: 'orders', direction: 'both',
 *   client: createSchemasClient({ region: 'eu-west-1' }), port });
 */
export async function syncEventBridge(options: SyncOptions): Promise<SyncResult> {
  const run = new SyncRun(options);
  return run.execute();
}

class SyncRun {
  private readonly result: SyncResult;
  private readonly remote: EventBridgeSchemas;
  private readonly dryRun: boolean;
  private readonly dialectOf: DialectOf;
  private localRegistryReady: Promise<void> | undefined;
  private remoteRegistryReady: Promise<void> | undefined;
  private remoteRegistryExists = false;

  constructor(private readonly options: SyncOptions) {
    this.dryRun = options.dryRun ?? false;
    this.dialectOf = options.dialectOf ?? detectDialect;
    this.result = {
      registry: options.registry,
      direction: options.direction,
      dryRun: this.dryRun,
      created: 0,
      updated: 0,
      unchanged: 0,
      refused: [],
      conflicts: [],
      errors: [],
      actions: [],
      retries: 0,
    };
    const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.remote = new EventBridgeSchemas(
      options.client,
      retry,
      () => {
        this.result.retries += 1;
      },
      options.pageSize,
    );
  }

  async execute(): Promise<SyncResult> {
    const { registry, direction, port } = this.options;
    let remoteSchemas: RemoteSchemaSummary[] = [];
    let localNames: string[];
    // A failure before any schema is touched names its side: "connect ECONNREFUSED" alone does not
    // say whether EventBridge or schemagate is unreachable.
    try {
      this.remoteRegistryExists = await this.remote.registryExists(registry);
      if (!this.remoteRegistryExists && direction === 'pull') {
        this.result.errors.push({ message: `EventBridge has no registry named ${registry}` });
        return this.result;
      }
      if (this.remoteRegistryExists) remoteSchemas = await this.remote.listSchemas(registry);
    } catch (error) {
      this.result.errors.push({ message: `EventBridge: ${describeError(error)}` });
      return this.result;
    }
    try {
      localNames = await port.listSchemas(registry);
    } catch (error) {
      this.result.errors.push({ message: `schemagate: ${describeError(error)}` });
      return this.result;
    }

    const remoteByName = new Map(remoteSchemas.map((s) => [s.name, s]));
    const localSet = new Set(localNames);
    const names = [...new Set([...remoteByName.keys(), ...localNames])].sort();
    let done = 0;
    const finish = (name: string) => {
      done += 1;
      this.options.onProgress?.({ done, total: names.length, schema: name });
    };
    // A schema whose `$ref` names another schema's `$id` can only be registered after that schema.
    // Names say nothing about that order, so such a schema waits for the next pass; passes go on
    // while each one writes something (at most one pass per schema).
    let pending = names;
    let firstPass = true;
    while (pending.length > 0) {
      const waiting: Array<{ name: string; error: unknown }> = [];
      const writtenBefore = this.result.created + this.result.updated;
      await forEachConcurrently(pending, this.options.concurrency ?? 4, async (name) => {
        try {
          // after the first pass a waiting schema may have been created up to its unresolved version
          await this.syncSchema(name, remoteByName.get(name), !firstPass || localSet.has(name));
        } catch (error) {
          if (isUnresolvedReference(error)) {
            waiting.push({ name, error });
            return;
          }
          if (error instanceof RegistryCreationError) {
            // one cause for every schema that needed the registry: say it once, for the run
            if (!this.result.errors.some((e) => e.message === error.message)) {
              this.result.errors.push({ message: error.message });
            }
          } else {
            this.result.errors.push({ schema: name, message: describeError(error) });
          }
        }
        finish(name);
      });
      firstPass = false;
      const wroteSomething = this.result.created + this.result.updated > writtenBefore;
      if (!wroteSomething) {
        for (const { name, error } of waiting) {
          this.result.errors.push({ schema: name, message: describeError(error) });
          finish(name);
        }
        break;
      }
      pending = waiting.map((w) => w.name).sort();
    }
    // Schemas finish in any order under concurrency; a stable order makes results comparable.
    const bySchema = (a: { schema?: string }, b: { schema?: string }) =>
      (a.schema ?? '').localeCompare(b.schema ?? '');
    this.result.actions.sort(bySchema);
    this.result.refused.sort(bySchema);
    this.result.conflicts.sort(bySchema);
    this.result.errors.sort(bySchema);
    return this.result;
  }

  private async syncSchema(name: string, summary: RemoteSchemaSummary | undefined, localExists: boolean) {
    const { registry, direction, port } = this.options;
    const local = localExists ? await port.listVersions(registry, name) : [];
    let newLocal = unlinkedLocalVersions(local);
    if (direction === 'push' && newLocal.length === 0) {
      this.result.unchanged += 1;
      return;
    }
    let newRemote: string[] = [];
    if (summary && !remoteUnchangedSinceSync(summary, local)) {
      newRemote = unlinkedRemoteVersions(local, await this.remote.listVersions(registry, name));
    }
    if (newLocal.length > 0 && newRemote.length > 0) {
      ({ newLocal, newRemote } = await this.matchByContent(name, local, newLocal, newRemote));
    }
    const plan = planSchema({
      direction,
      newLocal,
      newRemote,
      localExists: local.length > 0,
      remoteExists: summary !== undefined && summary.versionCount > 0,
    });
    await this.apply(name, plan, local);
  }

  private async apply(name: string, plan: SchemaPlan, local: LocalVersionSummary[]) {
    switch (plan.kind) {
      case 'unchanged':
        this.result.unchanged += 1;
        return;
      case 'conflict':
        this.result.conflicts.push({
          schema: name,
          localVersions: plan.localVersions,
          eventbridgeVersions: plan.remoteVersions,
          reason: `both sides changed since the last sync: schemagate has version(s) ${plan.localVersions.join(', ')} and EventBridge has version(s) ${plan.remoteVersions.join(', ')} that the other lacks`,
        });
        return;
      case 'pull':
        return this.pull(name, plan.versions, plan.schemaIsNew, local);
      case 'push':
        return this.push(name, plan.versions, plan.schemaIsNew);
    }
  }

  private async pull(name: string, versions: string[], schemaIsNew: boolean, local: LocalVersionSummary[]) {
    const { registry, port } = this.options;
    const kind = schemaIsNew ? 'create' : 'update';
    const metadataByVersion = new Map(local.map((v) => [v.version, v.metadata]));
    for (const remoteVersion of versions) {
      if (this.dryRun) {
        this.result.actions.push({
          schema: name,
          direction: 'pull',
          kind,
          eventbridgeVersion: remoteVersion,
          status: 'planned',
        });
        this.count(kind);
        continue;
      }
      const described = await this.remote.describe(registry, name, remoteVersion);
      let converted: ReturnType<typeof fromEventBridgeContent>;
      try {
        converted = fromEventBridgeContent(described.type, described.content ?? '');
      } catch (error) {
        this.result.refused.push({
          schema: name,
          reason: `EventBridge version ${remoteVersion}: ${describeError(error)}`,
        });
        return;
      }
      const link = linkFor(registry, described, 'pull');
      await this.ensureLocalRegistry();
      const registered = await port.register(registry, name, {
        ...converted,
        metadata: { eventbridge: link },
      });
      if (registered.created) {
        metadataByVersion.set(registered.version, { eventbridge: link });
        this.count(kind);
      } else {
        // Same content as an existing version (EventBridge keeps a new version for a revert): link it too.
        const metadata =
          metadataByVersion.get(registered.version) ?? (await this.metadataOf(name, registered.version));
        const merged = withLink(metadata, link);
        await port.updateMetadata(registry, name, registered.version, merged);
        metadataByVersion.set(registered.version, merged);
        this.count('update');
      }
      this.result.actions.push({
        schema: name,
        direction: 'pull',
        kind,
        eventbridgeVersion: remoteVersion,
        localVersion: registered.version,
        status: 'done',
      });
    }
  }

  private async push(name: string, versions: number[], schemaIsNew: boolean) {
    const { registry, port } = this.options;
    let remoteSchemaExists = !schemaIsNew;
    for (const localVersion of versions) {
      const version = await port.getVersion(registry, name, localVersion);
      const content = toEventBridgeContent(version, this.dialectOf);
      if (!content.ok) {
        // Later versions stay behind the refused one so both sides keep the same order.
        this.result.refused.push({ schema: name, version: localVersion, reason: content.reason });
        return;
      }
      const kind = remoteSchemaExists ? 'update' : 'create';
      if (this.dryRun) {
        this.result.actions.push({ schema: name, direction: 'push', kind, localVersion, status: 'planned' });
        this.count(kind);
        remoteSchemaExists = true;
        continue;
      }
      await this.ensureRemoteRegistry();
      const created = remoteSchemaExists
        ? await this.remote.update(
            registry,
            name,
            content.type,
            content.content,
            clientTokenFor(registry, name, version.fingerprint),
          )
        : await this.createRemoteSchema(name, content);
      if (!created) return;
      remoteSchemaExists = true;
      await port.updateMetadata(
        registry,
        name,
        localVersion,
        withLink(version.metadata, linkFor(registry, created, 'push')),
      );
      this.count(kind);
      this.result.actions.push({
        schema: name,
        direction: 'push',
        kind,
        localVersion,
        eventbridgeVersion: created.version,
        status: 'done',
      });
    }
  }

  /**
   * CreateSchema has no idempotency token. If it answers ConflictException, an earlier attempt
   * (whose answer was lost) may have created it: same content means that attempt, anything else is
   * a real conflict.
   */
  private async createRemoteSchema(
    name: string,
    content: Extract<EventBridgeContent, { ok: true }>,
  ): Promise<RemoteVersion | undefined> {
    const { registry } = this.options;
    try {
      return await this.remote.create(registry, name, content.type, content.content);
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConflictException') throw error;
    }
    const latest = await this.remote.describe(registry, name);
    if (latest.content !== undefined && sameJsonDocument(latest.content, content.content)) return latest;
    this.result.conflicts.push({
      schema: name,
      localVersions: [],
      eventbridgeVersions: [latest.version],
      reason: 'the schema appeared in EventBridge with different content while this sync was creating it',
    });
    return undefined;
  }

  /**
   * Before calling two unlinked sides a conflict, pairs versions whose content is identical: that
   * is what a run that stopped between writing to EventBridge and recording the link leaves behind.
   */
  private async matchByContent(
    name: string,
    local: LocalVersionSummary[],
    newLocal: number[],
    newRemote: string[],
  ): Promise<{ newLocal: number[]; newRemote: string[] }> {
    const { registry, port } = this.options;
    const localContent = new Map<number, { content: string; metadata: Record<string, unknown> }>();
    for (const versionNumber of newLocal) {
      const version = await port.getVersion(registry, name, versionNumber);
      const content = toEventBridgeContent(version, this.dialectOf);
      if (content.ok)
        localContent.set(versionNumber, { content: content.content, metadata: version.metadata });
    }
    const remaining = new Set(newLocal);
    const unmatchedRemote: string[] = [];
    for (const remoteVersion of newRemote) {
      const described = await this.remote.describe(registry, name, remoteVersion);
      const match = [...remaining].find((v) => {
        const candidate = localContent.get(v);
        return (
          candidate &&
          described.content !== undefined &&
          sameJsonDocument(candidate.content, described.content)
        );
      });
      if (match === undefined) {
        unmatchedRemote.push(remoteVersion);
        continue;
      }
      remaining.delete(match);
      if (!this.dryRun) {
        const metadata =
          localContent.get(match)?.metadata ?? local.find((v) => v.version === match)?.metadata ?? {};
        await port.updateMetadata(
          registry,
          name,
          match,
          withLink(metadata, linkFor(registry, described, 'push')),
        );
      }
    }
    return { newLocal: [...remaining], newRemote: unmatchedRemote };
  }

  private async metadataOf(name: string, version: number): Promise<Record<string, unknown>> {
    const versions = await this.options.port.listVersions(this.options.registry, name);
    return versions.find((v) => v.version === version)?.metadata ?? {};
  }

  private ensureLocalRegistry(): Promise<void> {
    const { registry, port } = this.options;
    this.localRegistryReady ??= port.ensureRegistry(registry).catch((error) => {
      throw new RegistryCreationError(
        `schemagate: cannot create registry ${registry}: ${describeError(error)}`,
      );
    });
    return this.localRegistryReady;
  }

  private ensureRemoteRegistry(): Promise<void> {
    if (this.remoteRegistryExists) return Promise.resolve();
    const { registry } = this.options;
    this.remoteRegistryReady ??= this.remote.createRegistry(registry).catch((error) => {
      if ((error as { name?: string }).name === 'ConflictException') return;
      throw new RegistryCreationError(
        `EventBridge: cannot create registry ${registry}: ${describeError(error)}`,
      );
    });
    return this.remoteRegistryReady;
  }

  private count(kind: 'create' | 'update') {
    if (kind === 'create') this.result.created += 1;
    else this.result.updated += 1;
  }
}

function linkFor(
  registry: string,
  version: RemoteVersion,
  origin: EventBridgeLink['origin'],
): EventBridgeLink {
  const link: EventBridgeLink = {
    registry,
    schemaArn: version.arn,
    version: version.version,
    versions: [version.version],
    lastModified: (version.lastModified ?? new Date()).toISOString(),
    type: version.type as EventBridgeLink['type'],
    origin,
  };
  if (version.versionCreatedDate) link.versionCreatedDate = version.versionCreatedDate.toISOString();
  return link;
}

/** The target registry did not exist and could not be created (permissions, mostly). */
class RegistryCreationError extends Error {
  override readonly name = 'RegistryCreationError';
}

/** The registry refused content because a `$ref` names an `$id` it does not hold (yet). */
function isUnresolvedReference(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNRESOLVED_REFERENCE
  );
}

function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

async function forEachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
