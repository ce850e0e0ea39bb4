import { createHash } from 'node:crypto';
import type { SchemaVersion } from '@schemagate/api';
import type { CompiledValidator, ReferencedSchema } from '@schemagate/core';
import type { StoredVersion } from '@schemagate/db';
import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** A version ready to serve: its answer serialized once, its ETag and the schemas its `$ref`s reach. */
export interface VersionView {
  stored: StoredVersion;
  /** The answer to a read, as an object and serialized. */
  document: VersionDocument;
  body: string;
  etag: string;
  references: ReferencedSchema[];
  /** Set on first use by the validation service. */
  validator?: CompiledValidator;
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

const schemaKey = (registry: string, name: string) => `${registry}\u0000${name}`;

/** The answer to reading a version, as the API declares it. */
export type VersionDocument = z.infer<typeof SchemaVersion>;

export function serializeVersion(stored: StoredVersion): {
  document: VersionDocument;
  body: string;
  etag: string;
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
  return { document, body, etag };
}

/**
 * The per-process view of versions. Reads after the first are map lookups; writes anywhere (this process or,
 * through LISTEN/NOTIFY, another replica) drop a schema's entries, and concurrent misses share one load.
 */
export class VersionViews {
  readonly #loader: VersionLoader;
  readonly #max: number;
  readonly #views = new Map<string, VersionView | Promise<VersionView | undefined>>();
  readonly #pointers = new Map<string, Pointers | Promise<Pointers>>();
  #generation = 0;

  constructor(loader: VersionLoader, options: { max?: number } = {}) {
    this.#loader = loader;
    this.#max = options.max ?? 10_000;
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
    if (typeof version === 'number') return this.#byNumber(registry, name, version);
    const pointers = this.#pointers.get(schemaKey(registry, name));
    if (pointers && !(pointers instanceof Promise))
      return this.#byNumber(registry, name, this.#choose(registry, name, pointers, version));
    return this.#pointer(registry, name, version).then((number) => this.#byNumber(registry, name, number));
  }

  #byNumber(registry: string, name: string, number: number): VersionView | Promise<VersionView> {
    const key = `${schemaKey(registry, name)}\u0000${number}`;
    let entry = this.#views.get(key);
    if (!entry) {
      entry = this.#load(registry, name, number, key);
      this.#views.set(key, entry);
    } else if (!(entry instanceof Promise)) {
      // refresh its place in the insertion order: the map doubles as an LRU list
      this.#views.delete(key);
      this.#views.set(key, entry);
    }
    if (!(entry instanceof Promise)) return entry;
    return entry.then((view) => {
      if (!view) throw new AppError('not_found', { detail: `${registry}/${name} has no version ${number}` });
      return view;
    });
  }

  /** Forget what is known of one schema (after a write, here or on another replica). */
  invalidate(registry: string, name: string): void {
    this.#generation++;
    const prefix = `${schemaKey(registry, name)}\u0000`;
    this.#pointers.delete(schemaKey(registry, name));
    for (const key of this.#views.keys()) if (key.startsWith(prefix)) this.#views.delete(key);
  }

  /** Forget everything, e.g. after the notification channel was lost. */
  clear(): void {
    this.#generation++;
    this.#views.clear();
    this.#pointers.clear();
  }

  get size(): number {
    return this.#views.size;
  }

  async #pointer(registry: string, name: string, which: 'latest' | 'usable'): Promise<number> {
    const key = schemaKey(registry, name);
    let entry = this.#pointers.get(key);
    if (!entry) {
      const generation = this.#generation;
      const loading = this.#loader.loadPointers(registry, name);
      entry = loading;
      this.#pointers.set(key, loading);
      loading.then(
        (value) => {
          if (this.#generation === generation && this.#pointers.get(key) === loading)
            this.#pointers.set(key, value);
        },
        () => this.#pointers.delete(key),
      );
    }
    return this.#choose(registry, name, await entry, which);
  }

  #choose(registry: string, name: string, pointers: Pointers, which: 'latest' | 'usable'): number {
    const number = pointers[which];
    if (number === undefined) {
      if (which === 'usable' && pointers.latest !== undefined) {
        throw new AppError('version_disabled', {
          detail: `Every version of ${registry}/${name} is disabled`,
        });
      }
      throw new AppError('not_found', { detail: `No schema ${registry}/${name}` });
    }
    return number;
  }

  async #load(
    registry: string,
    name: string,
    version: number,
    key: string,
  ): Promise<VersionView | undefined> {
    const generation = this.#generation;
    try {
      const stored = await this.#loader.loadVersion(registry, name, version);
      const view = stored
        ? { stored, ...serializeVersion(stored), references: await this.#loader.loadReferences(stored) }
        : undefined;
      if (this.#generation === generation && view) {
        this.#views.set(key, view);
        this.#evict();
      } else if (this.#views.get(key) instanceof Promise) {
        this.#views.delete(key);
      }
      return view;
    } catch (error) {
      this.#views.delete(key);
      throw error;
    }
  }

  #evict(): void {
    while (this.#views.size > this.#max) {
      const oldest = this.#views.keys().next().value;
      if (oldest === undefined) return;
      this.#views.delete(oldest);
    }
  }
}
