import { createHash } from 'node:crypto';
import type { SchemaVersion } from '@schemagate/api';
import { type CompiledValidator, LruCache, noUsableVersion, type ReferencedSchema } from '@schemagate/core';
import type { StoredVersion } from '@schemagate/db';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { CounterSeries } from '../metrics/fast-metrics.ts';
import type { ValidationPlan } from './budget.ts';

/** A version ready to serve: its answer serialized once, its ETag and the schemas its `$ref`s reach. */
export interface VersionView {
  stored: StoredVersion;
  /** The answer to a read, as an object and serialized. */
  document: VersionDocument;
  body: string;
  etag: string;
  /** The headers of a read's answer, 200 and 304 (see `routes/schemas/get-version.ts`). */
  headers: { ok: Record<string, string>; notModified: Record<string, string> };
  references: ReferencedSchema[];
  /** Set on first use by the validation service. */
  validator?: CompiledValidator;
  /** How its events are validated (what the schema costs), set on first use by the validation service. */
  plan?: ValidationPlan;
  /** The `schemagate_validations_total` series of this schema, set on first use by the validation service. */
  outcomes?: { valid: CounterSeries; invalid: CounterSeries };
}

/** How the views reach storage. */
export interface VersionLoader {
  /** A non-deleted version by number. */
  loadVersion(registry: string, name: string, version: number): Promise<StoredVersion | undefined>;
  /** The newest non-deleted version number, and the newest whose state lets events validate against it. */
  loadPointers(registry: string, name: string): Promise<{ latest?: number; usable?: number }>;
  /** Every schema the version's `$ref`s reach, transitively, as `{uri, schema}`. */
  loadReferences(version: StoredVersion): Promise<ReferencedSchema[]>;
}

type Pointers = { latest?: number; usable?: number };

/** What is cached of one schema. */
interface SchemaEntry {
  pointers?: Pointers | Promise<Pointers>;
  versions: Map<number, CachedView>;
}

/** A loaded view (its holder is the key of {@link VersionViews}' recency list), or a load under way. */
type CachedView = LoadedView | Promise<VersionView | undefined>;
type LoadedView = { view: VersionView };
/** Where a loaded view is held, to drop it from there when it is evicted. */
type HeldAt = { registry: string; name: string; entry: SchemaEntry; version: number };

/** The answer to reading a version, as the API declares it. */
export type VersionDocument = z.infer<typeof SchemaVersion>;

export function serializeVersion(stored: StoredVersion): {
  document: VersionDocument;
  body: string;
  etag: string;
  headers: VersionView['headers'];
} {
  const document: VersionDocument = {
    registry: stored.registry,
    name: stored.name,
    version: stored.version,
    format: stored.format,
    dialect: stored.dialect,
    state: stored.state,
    fingerprint: stored.fingerprint,
    createdAt: stored.createdAt.toISOString(),
    metadata: stored.metadata,
    schema: stored.content,
  };
  const body = JSON.stringify(document);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const notModified = { etag, 'cache-control': 'no-cache' };
  return {
    document,
    body,
    etag,
    headers: { ok: { ...notModified, 'content-type': 'application/json' }, notModified },
  };
}

/**
 * The per-process view of versions. Reads after the first are two map lookups by the request's own strings (no
 * key is built per read); writes anywhere (this process or, through LISTEN/NOTIFY, another replica) drop a
 * schema's entries, and concurrent misses share one load. Past `max` views, the least recently used goes.
 */
export class VersionViews {
  readonly #loader: VersionLoader;
  /** By registry, then schema name. */
  readonly #schemas = new Map<string, Map<string, SchemaEntry>>();
  /** The loaded views by recency, keyed by their holder object, so that a read builds no key. */
  readonly #recency: LruCache<LoadedView, HeldAt>;
  #generation = 0;

  constructor(loader: VersionLoader, options: { max?: number } = {}) {
    this.#loader = loader;
    this.#recency = new LruCache({
      max: options.max ?? 10_000,
      onEvict: (held, { registry, name, entry, version }) => {
        if (entry.versions.get(version) === held) entry.versions.delete(version);
        this.#forget(registry, name, entry);
      },
    });
  }

  /**
   * The view of a version; `latest` is the newest non-deleted one, `usable` the newest that validates. Answers
   * without a promise when everything needed is cached: the common case on the hot paths.
   */
  get(
    registry: string,
    name: string,
    version: number | 'latest' | 'usable',
  ): VersionView | Promise<VersionView> {
    const entry = this.#schemas.get(registry)?.get(name) ?? this.#entry(registry, name);
    if (typeof version === 'number') return this.#byNumber(entry, registry, name, version);
    const pointers = entry.pointers;
    if (pointers && !(pointers instanceof Promise))
      return this.#byNumber(entry, registry, name, this.#choose(registry, name, pointers, version));
    return this.#pointer(entry, registry, name, version).then((number) =>
      this.#byNumber(this.#entry(registry, name), registry, name, number),
    );
  }

  /** The entry of a schema, created empty if there is none (dropped again if the schema turns out not to exist). */
  #entry(registry: string, name: string): SchemaEntry {
    let names = this.#schemas.get(registry);
    if (!names) {
      names = new Map();
      this.#schemas.set(registry, names);
    }
    let entry = names.get(name);
    if (!entry) {
      entry = { versions: new Map() };
      names.set(name, entry);
    }
    return entry;
  }

  #byNumber(
    entry: SchemaEntry,
    registry: string,
    name: string,
    number: number,
  ): VersionView | Promise<VersionView> {
    let cached = entry.versions.get(number);
    if (!cached) {
      cached = this.#load(entry, registry, name, number);
      entry.versions.set(number, cached);
    }
    if (!(cached instanceof Promise)) {
      this.#recency.get(cached);
      return cached.view;
    }
    return cached.then((view) => {
      if (!view) throw new AppError('not_found', { detail: `${registry}/${name} has no version ${number}` });
      return view;
    });
  }

  /** Forget what is known of one schema (after a write, here or on another replica). */
  invalidate(registry: string, name: string): void {
    this.#generation++;
    const entry = this.#schemas.get(registry)?.get(name);
    if (!entry) return;
    for (const cached of entry.versions.values())
      if (!(cached instanceof Promise)) this.#recency.delete(cached);
    this.#remove(registry, name);
  }

  /** Forget everything, e.g. after the notification channel was lost. */
  clear(): void {
    this.#generation++;
    this.#schemas.clear();
    this.#recency.clear();
  }

  /** How many views are held. */
  get size(): number {
    return this.#recency.size;
  }

  async #pointer(
    entry: SchemaEntry,
    registry: string,
    name: string,
    which: 'latest' | 'usable',
  ): Promise<number> {
    let pointers = entry.pointers;
    if (!pointers) {
      const generation = this.#generation;
      const loading = this.#loader.loadPointers(registry, name);
      pointers = loading;
      entry.pointers = loading;
      loading.then(
        (value) => {
          if (entry.pointers !== loading) return;
          // no version at all: nothing is kept for a name that isn't registered, so lookups of made-up names
          // cannot fill the cache
          entry.pointers = this.#generation === generation && value.latest !== undefined ? value : undefined;
          this.#forget(registry, name, entry);
        },
        () => {
          if (entry.pointers !== loading) return;
          entry.pointers = undefined;
          this.#forget(registry, name, entry);
        },
      );
    }
    return this.#choose(registry, name, await pointers, which);
  }

  #choose(registry: string, name: string, pointers: Pointers, which: 'latest' | 'usable'): number {
    const number = pointers[which];
    if (number === undefined) {
      if (which === 'usable' && pointers.latest !== undefined) {
        const refusal = noUsableVersion(registry, name);
        throw new AppError(refusal.code, { detail: refusal.detail });
      }
      throw new AppError('not_found', { detail: `No schema ${registry}/${name}` });
    }
    return number;
  }

  /** Loads a version; the view is kept only if no write dropped anything meanwhile. */
  #load(
    entry: SchemaEntry,
    registry: string,
    name: string,
    version: number,
  ): Promise<VersionView | undefined> {
    const generation = this.#generation;
    const loading: Promise<VersionView | undefined> = this.#read(registry, name, version).then(
      (view) => {
        if (entry.versions.get(version) !== loading) return view;
        if (view && this.#generation === generation) {
          const held: LoadedView = { view };
          entry.versions.set(version, held);
          this.#recency.set(held, { registry, name, entry, version });
        } else {
          entry.versions.delete(version);
          this.#forget(registry, name, entry);
        }
        return view;
      },
      (error: unknown) => {
        if (entry.versions.get(version) === loading) {
          entry.versions.delete(version);
          this.#forget(registry, name, entry);
        }
        throw error;
      },
    );
    return loading;
  }

  async #read(registry: string, name: string, version: number): Promise<VersionView | undefined> {
    const stored = await this.#loader.loadVersion(registry, name, version);
    if (!stored) return undefined;
    return { stored, ...serializeVersion(stored), references: await this.#loader.loadReferences(stored) };
  }

  /** After a lookup that found nothing: drops the schema's entry if nothing is held in it. */
  #forget(registry: string, name: string, entry: SchemaEntry): void {
    if (entry.versions.size > 0 || entry.pointers !== undefined) return;
    if (this.#schemas.get(registry)?.get(name) === entry) this.#remove(registry, name);
  }

  /** Drops a schema's entry, and its registry's map once that is empty. */
  #remove(registry: string, name: string): void {
    const names = this.#schemas.get(registry);
    if (!names?.delete(name)) return;
    if (names.size === 0) this.#schemas.delete(registry);
  }
}
