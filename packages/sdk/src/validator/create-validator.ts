import { readFile, writeFile } from 'node:fs/promises';
import {
  type CompiledValidator,
  compileSchema,
  extractRouteKeys,
  SchemaCompileError,
} from '@schemagate/core';
import { createClient, type SchemagateClient } from '../client/index.ts';
import { readLatestVersions } from '../client/read-latest-versions.ts';
import type { EventValidationResult, EventValidator, ValidationTarget } from './event-validator.ts';

/** A registered version as the validator keeps it (and as a snapshot file stores it). */
export interface CachedVersion {
  registry: string;
  name: string;
  version: number;
  state: string;
  fingerprint: string;
  format: 'jsonschema' | 'openapi3';
  schema: unknown;
  etag?: string | undefined;
}

/** Options for {@link createValidator}. */
export interface ValidatorOptions {
  url: string;
  key?: string;
  /** Default registry when a target or route does not name one. */
  registry?: string;
  /** How long a fetched version is used before it is revalidated with `If-None-Match` (default 60 s). */
  ttlMs?: number;
  /** Most versions kept compiled; the least recently used goes first (default 500). */
  max?: number;
  /** Read when the registry cannot be reached; `saveSnapshot()` writes it. */
  snapshotFile?: string;
  /** Injected for tests: the registry client and the clock. */
  client?: Pick<SchemagateClient, 'getVersion' | 'listAllSchemas'>;
  now?: () => number;
}

/** A registry-backed validator that validates locally. */
export interface RegistryValidator extends EventValidator {
  validate(event: unknown, target?: ValidationTarget): Promise<EventValidationResult>;
  /** Writes every cached version to `snapshotFile` (or `file`), for use when the registry is down. */
  saveSnapshot(file?: string): Promise<void>;
}

interface Entry {
  version: CachedVersion;
  compiled: CompiledValidator;
  checkedAt: number;
}

/**
 * Creates a validator that fetches each schema version once, compiles it with core's `compileSchema` (so it
 * judges as the server does) and caches it: a cached version older than `ttlMs` is revalidated with its ETag
 * (a 304 keeps it), at most `max` are kept, and when the registry cannot be reached a stale copy or the
 * snapshot file is used. Events route by `target.schema`, else by EventBridge `source` + `detail-type` or
 * CloudEvents `type` against the registry's latest versions; the result names the version that matched.
 *
 * @example
 * const validator = createValidator({ url: 'http://127.0.0.1:8080', key, registry: 'shop', snapshotFile: '.schemas.json' });
 * const { valid, version, errors } = await validator.validate(event);
 */
export function createValidator(options: ValidatorOptions): RegistryValidator {
  const client =
    options.client ?? createClient({ url: options.url, ...(options.key ? { key: options.key } : {}) });
  const ttlMs = options.ttlMs ?? 60_000;
  const max = options.max ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let snapshot: Map<string, CachedVersion> | undefined;
  const routeTables = new Map<
    string,
    { builtAt: number; routes: Array<{ name: string; keys: ReturnType<typeof extractRouteKeys> }> }
  >();

  const keyOf = (registry: string, name: string, version: number | 'latest') =>
    `${registry}/${name}/${version}`;

  function remember(key: string, entry: Entry) {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > max) entries.delete(entries.keys().next().value!);
  }

  async function loadSnapshot(): Promise<Map<string, CachedVersion>> {
    if (snapshot) return snapshot;
    snapshot = new Map();
    if (!options.snapshotFile) return snapshot;
    const text = await readFile(options.snapshotFile, 'utf8').catch(() => undefined);
    if (text === undefined) return snapshot;
    for (const version of (JSON.parse(text) as { versions: CachedVersion[] }).versions) {
      snapshot.set(keyOf(version.registry, version.name, version.version), version);
      const latest = snapshot.get(keyOf(version.registry, version.name, 'latest'));
      if (!latest || latest.version < version.version)
        snapshot.set(keyOf(version.registry, version.name, 'latest'), version);
    }
    return snapshot;
  }

  async function compile(version: CachedVersion): Promise<CompiledValidator> {
    const input = { format: version.format, schema: version.schema };
    try {
      return compileSchema(input);
    } catch (error) {
      if (!(error instanceof SchemaCompileError) || error.code !== 'unresolved_reference') throw error;
      // Absolute refs name other schemas of the registry by `$id`: read the registry's latest versions.
      const references = [];
      for (const latest of await readLatestVersions(client, version.registry)) {
        const id = (latest.schema as { $id?: unknown } | null)?.$id;
        if (typeof id === 'string') references.push({ uri: id, schema: latest.schema });
      }
      return compileSchema(input, references);
    }
  }

  async function entryFor(registry: string, name: string, version: number | 'latest'): Promise<Entry> {
    const key = keyOf(registry, name, version);
    const cached = entries.get(key);
    if (cached && now() - cached.checkedAt < ttlMs) {
      remember(key, cached);
      return cached;
    }
    try {
      const read = await client.getVersion(registry, name, version, { ifNoneMatch: cached?.version.etag });
      if (read.notModified && cached) {
        const refreshed = { ...cached, checkedAt: now() };
        remember(key, refreshed);
        return refreshed;
      }
      if (read.notModified) throw new Error('registry answered 304 for a version not in the cache');
      const fetched: CachedVersion = { ...(read.version as CachedVersion), etag: read.etag };
      const compiled =
        cached && cached.version.fingerprint === fetched.fingerprint
          ? cached.compiled
          : await compile(fetched);
      const entry = { version: fetched, compiled, checkedAt: now() };
      remember(key, entry);
      return entry;
    } catch (error) {
      if (cached) return cached;
      const fromSnapshot = (await loadSnapshot()).get(key);
      if (!fromSnapshot) throw error;
      const entry = { version: fromSnapshot, compiled: await compile(fromSnapshot), checkedAt: now() };
      remember(key, entry);
      return entry;
    }
  }

  async function route(registry: string, event: unknown): Promise<string | undefined> {
    if (typeof event !== 'object' || event === null) return undefined;
    const fields = event as Record<string, unknown>;
    let table = routeTables.get(registry);
    if (!table || now() - table.builtAt >= ttlMs) {
      const routes = [];
      try {
        for await (const summary of client.listAllSchemas(registry)) {
          const { version } = await entryFor(registry, summary.name, 'latest');
          routes.push({ name: summary.name, keys: extractRouteKeys(version) });
        }
      } catch (error) {
        const versions = [...(await loadSnapshot()).entries()].filter(
          ([key]) => key.startsWith(`${registry}/`) && key.endsWith('/latest'),
        );
        if (versions.length === 0 && !table) throw error;
        for (const [, version] of versions)
          routes.push({ name: version.name, keys: extractRouteKeys(version) });
      }
      table = { builtAt: now(), routes };
      routeTables.set(registry, table);
    }
    const match =
      table.routes.find(
        (r) =>
          r.keys.detailType !== undefined &&
          r.keys.detailType === fields['detail-type'] &&
          r.keys.source === fields.source,
      ) ??
      table.routes.find((r) => r.keys.cloudEventType !== undefined && r.keys.cloudEventType === fields.type);
    return match?.name;
  }

  return {
    async validate(event, target = {}) {
      const registry = target.registry ?? options.registry;
      if (!registry) throw new Error('createValidator: name a registry in the options or the target');
      const name = target.schema ?? (await route(registry, event));
      if (!name) {
        return {
          valid: false,
          registry,
          errors: [{ path: '', keyword: 'route', message: 'no schema for this event', schemaPath: '' }],
        };
      }
      const { version, compiled } = await entryFor(registry, name, target.version ?? 'latest');
      const result: EventValidationResult = {
        valid: false,
        registry,
        schema: name,
        version: version.version,
        errors: [],
      };
      if (version.state === 'disabled') {
        result.errors = [
          { path: '', keyword: 'state', message: `version ${version.version} is disabled`, schemaPath: '' },
        ];
        return result;
      }
      result.errors = compiled.validate(event) ?? [];
      result.valid = result.errors.length === 0;
      if (version.state === 'deprecated') result.warnings = [`version ${version.version} is deprecated`];
      return result;
    },
    async saveSnapshot(file = options.snapshotFile) {
      if (!file) throw new Error('saveSnapshot: no snapshot file');
      const versions = [
        ...new Map(
          [...entries.values()].map((e) => [
            keyOf(e.version.registry, e.version.name, e.version.version),
            e.version,
          ]),
        ).values(),
      ];
      await writeFile(file, `${JSON.stringify({ versions }, null, 2)}\n`);
    },
  };
}
