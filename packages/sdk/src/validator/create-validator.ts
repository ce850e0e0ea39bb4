import { readFile, writeFile } from 'node:fs/promises';
import {
  type CompiledValidator,
  compileSchema,
  extractRouteKeys,
  isUsableState,
  LruCache,
  noUsableVersion,
  outOfRangeResult,
  RouteTable,
  refusalResult,
  rootSchemaId,
  SchemaCompileError,
  versionResult,
} from '@schemagate/core';
import { createClient, type SchemagateClient } from '../client/index.ts';
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
  client?: Pick<SchemagateClient, 'getVersion' | 'listAllSchemas'> &
    Partial<Pick<SchemagateClient, 'listVersions'>>;
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
  /** Compiled on first use: routing reads a registry's latest versions without compiling them. */
  compiled?: CompiledValidator;
  checkedAt: number;
}

/** A registry as routing sees it: the latest version of each schema, and core's route table over them. */
interface RegistryView {
  builtAt: number;
  latest: CachedVersion[];
  table: RouteTable<string>;
}

/**
 * Creates a validator that fetches each schema version once, compiles it with core's `compileSchema` (so it
 * judges as the server does) and caches it: a cached version older than `ttlMs` is revalidated with its ETag
 * (a 304 keeps it), at most `max` are kept, and when the registry cannot be reached a stale copy or the
 * snapshot file is used. Events route by core's rule (`RouteTable`: `target.schema`, else EventBridge
 * `source` + `detail-type`, else CloudEvents `dataschema` or `type`) against the registry's latest versions,
 * and a version's state decides as on the server (core's `versionResult`): the newest version that validates is
 * used unless `target.version` names one, `deprecated` validates with a warning, `disabled` is refused. A
 * refusal is a result (`valid: false`, one issue whose keyword is the code), as in the registry's batch answer; so
 * is an event holding ±Infinity or NaN (one issue per such number, keyword `number_out_of_range`).
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
  const entries = new LruCache<string, Entry>({ max });
  let snapshot: Map<string, CachedVersion> | undefined;
  const registries = new Map<string, RegistryView>();

  const keyOf = (registry: string, name: string, version: number | 'latest') =>
    `${registry}/${name}/${version}`;

  const remember = (key: string, entry: Entry) => entries.set(key, entry);

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
      // Absolute refs name other schemas of the registry by `$id`: core takes what the schema reaches of them.
      const references = [];
      for (const latest of (await registryView(version.registry)).latest) {
        const id = rootSchemaId(latest.schema);
        if (id !== undefined) references.push({ uri: id, schema: latest.schema });
      }
      return compileSchema(input, references);
    }
  }

  async function compiled(entry: Entry): Promise<CompiledValidator> {
    entry.compiled ??= await compile(entry.version);
    return entry.compiled;
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
      const entry: Entry = { version: fetched, checkedAt: now() };
      if (cached && cached.version.fingerprint === fetched.fingerprint && cached.compiled)
        entry.compiled = cached.compiled;
      remember(key, entry);
      return entry;
    } catch (error) {
      if (cached) return cached;
      const fromSnapshot = (await loadSnapshot()).get(key);
      if (!fromSnapshot) throw error;
      const entry = { version: fromSnapshot, checkedAt: now() };
      remember(key, entry);
      return entry;
    }
  }

  /** The version that validates when none is named: the latest, else the newest one that is not disabled. */
  async function usableEntry(registry: string, name: string): Promise<Entry | undefined> {
    const latest = await entryFor(registry, name, 'latest');
    if (isUsableState(latest.version.state) || !client.listVersions) return latest;
    const { items } = await client.listVersions(registry, name);
    const usable = items
      .filter((item) => isUsableState(item.state) && item.version < latest.version.version)
      .sort((a, b) => b.version - a.version)[0];
    return usable ? entryFor(registry, name, usable.version) : undefined;
  }

  async function registryView(registry: string): Promise<RegistryView> {
    const built = registries.get(registry);
    if (built && now() - built.builtAt < ttlMs) return built;
    const latest: CachedVersion[] = [];
    try {
      for await (const summary of client.listAllSchemas(registry)) {
        latest.push((await entryFor(registry, summary.name, 'latest')).version);
      }
    } catch (error) {
      const versions = [...(await loadSnapshot()).entries()].filter(
        ([key]) => key.startsWith(`${registry}/`) && key.endsWith('/latest'),
      );
      if (versions.length === 0) {
        if (built) return built;
        throw error;
      }
      latest.length = 0;
      for (const [, version] of versions) latest.push(version);
    }
    const table = new RouteTable(
      latest.map((version) => ({
        registry,
        name: version.name,
        keys: extractRouteKeys(version),
        target: version.name,
      })),
    );
    const view = { builtAt: now(), latest, table };
    registries.set(registry, view);
    return view;
  }

  return {
    async validate(event, target = {}) {
      const registry = target.registry ?? options.registry;
      if (!registry) throw new Error('createValidator: name a registry in the options or the target');
      // refused before routing, as the server does
      const outOfRange = outOfRangeResult(event, { registry });
      if (outOfRange) return outOfRange;
      let name = target.schema;
      if (name === undefined) {
        const match = (await registryView(registry)).table.match(event, {}, { registry });
        if (!match.ok) return refusalResult(match.refusal, { registry });
        name = match.target;
      }
      const entry =
        typeof target.version === 'number'
          ? await entryFor(registry, name, target.version)
          : await usableEntry(registry, name);
      if (!entry) return refusalResult(noUsableVersion(registry, name), { registry, schema: name });
      const { version } = entry;
      if (!isUsableState(version.state)) return versionResult(version, null);
      return versionResult(version, (await compiled(entry)).validate(event));
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
