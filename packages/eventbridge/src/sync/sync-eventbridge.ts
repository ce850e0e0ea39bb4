import type { SchemasClient } from '@aws-sdk/client-schemas';
import { detectDialect } from '@schemagate/core';
import type { DialectOf } from './content-conversion.ts';
import { EventBridgeSchemas, type RemoteSchemaSummary } from './eventbridge-schemas.ts';
import { forEachConcurrently } from './for-each-concurrently.ts';
import type { RegistryPort } from './registry-port.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import type { SyncContext } from './sync-context.ts';
import { describeError, isUnresolvedReference, RegistryCreationError } from './sync-errors.ts';
import type { SyncDirection } from './sync-plan.ts';
import { emptySyncResult, type SyncResult, sortBySchema, writtenCount } from './sync-result.ts';
import { syncSchema } from './sync-schema.ts';
import { TargetRegistries } from './target-registries.ts';

export type { SyncAction, SyncConflict, SyncError, SyncRefusal, SyncResult } from './sync-result.ts';

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
  const { registry, direction, port } = options;
  const dryRun = options.dryRun ?? false;
  const result = emptySyncResult(registry, direction, dryRun);
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const remote = new EventBridgeSchemas(
    options.client,
    retry,
    () => {
      result.retries += 1;
    },
    options.pageSize,
  );

  let remoteRegistryExists: boolean;
  let remoteSchemas: RemoteSchemaSummary[] = [];
  let localNames: string[];
  // A failure before any schema is touched names its side: "connect ECONNREFUSED" alone does not
  // say whether EventBridge or schemagate is unreachable.
  try {
    remoteRegistryExists = await remote.registryExists(registry);
    if (!remoteRegistryExists && direction === 'pull') {
      result.errors.push({ message: `EventBridge has no registry named ${registry}` });
      return result;
    }
    if (remoteRegistryExists) remoteSchemas = await remote.listSchemas(registry);
  } catch (error) {
    result.errors.push({ message: `EventBridge: ${describeError(error)}` });
    return result;
  }
  try {
    localNames = await port.listSchemas(registry);
  } catch (error) {
    result.errors.push({ message: `schemagate: ${describeError(error)}` });
    return result;
  }

  const context: SyncContext = {
    registry,
    direction,
    dryRun,
    dialectOf: options.dialectOf ?? detectDialect,
    port,
    remote,
    targets: new TargetRegistries(registry, port, remote, remoteRegistryExists),
    result,
  };
  await syncInPasses(context, options, remoteSchemas, localNames);
  sortBySchema(result);
  return result;
}

/**
 * Syncs every schema either side has. A schema whose `$ref` names another schema's `$id` can only
 * be registered after that schema. Names say nothing about that order, so such a schema waits for
 * the next pass; passes go on while each one writes something (at most one pass per schema).
 */
async function syncInPasses(
  context: SyncContext,
  options: Pick<SyncOptions, 'concurrency' | 'onProgress'>,
  remoteSchemas: RemoteSchemaSummary[],
  localNames: string[],
): Promise<void> {
  const { result } = context;
  const remoteByName = new Map(remoteSchemas.map((s) => [s.name, s]));
  const localSet = new Set(localNames);
  const names = [...new Set([...remoteByName.keys(), ...localNames])].sort();
  let done = 0;
  const finish = (name: string) => {
    done += 1;
    options.onProgress?.({ done, total: names.length, schema: name });
  };
  let pending = names;
  let firstPass = true;
  while (pending.length > 0) {
    const waiting: Array<{ name: string; error: unknown }> = [];
    const writtenBefore = writtenCount(result);
    await forEachConcurrently(pending, options.concurrency ?? 4, async (name) => {
      try {
        // after the first pass a waiting schema may have been created up to its unresolved version
        await syncSchema(context, name, remoteByName.get(name), !firstPass || localSet.has(name));
      } catch (error) {
        if (isUnresolvedReference(error)) {
          waiting.push({ name, error });
          return;
        }
        if (error instanceof RegistryCreationError) {
          // one cause for every schema that needed the registry: say it once, for the run
          if (!result.errors.some((e) => e.message === error.message)) {
            result.errors.push({ message: error.message });
          }
        } else {
          result.errors.push({ schema: name, message: describeError(error) });
        }
      }
      finish(name);
    });
    firstPass = false;
    if (writtenCount(result) === writtenBefore) {
      for (const { name, error } of waiting) {
        result.errors.push({ schema: name, message: describeError(error) });
        finish(name);
      }
      break;
    }
    pending = waiting.map((w) => w.name).sort();
  }
}
