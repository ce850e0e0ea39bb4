import type { CompiledValidator, ReferencedSchema } from './compile.ts';
import { compileSchema } from './compile.ts';
import type { SchemaInput } from './dialect.ts';
import { LruCache } from './lru-cache.ts';

/**
 * The cache key of one schema version's validator. The fingerprint is part of it, so a key never serves a
 * validator compiled from other content.
 */
export function validatorKey(registry: string, name: string, version: number, fingerprint: string): string {
  return JSON.stringify([registry, name, version, fingerprint]);
}

/**
 * The prefix shared by the {@link validatorKey}s of every version of one schema (or, without `name`, of a whole
 * registry), for `cache.deleteWhere((key) => key.startsWith(prefix))`.
 */
export function validatorKeyPrefix(registry: string, name?: string): string {
  const parts = name === undefined ? [registry] : [registry, name];
  return `${JSON.stringify(parts).slice(0, -1)},`;
}

/** Options of {@link ValidatorCache}. */
export interface ValidatorCacheOptions {
  /** The most validators kept; the least recently used is dropped first. Default 1000. */
  max?: number;
}

/**
 * A bounded least-recently-used cache of compiled validators, keyed by {@link validatorKey}: compile once, then
 * validate many times. Compile failures are thrown to the caller and not cached.
 */
export class ValidatorCache {
  readonly #entries: LruCache<string, CompiledValidator>;

  constructor(options: ValidatorCacheOptions = {}) {
    const max = options.max ?? 1000;
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError('ValidatorCache max must be a positive integer');
    this.#entries = new LruCache({ max });
  }

  /** The number of validators held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The validator under `key`, marking it recently used; undefined when absent. */
  get(key: string): CompiledValidator | undefined {
    return this.#entries.get(key);
  }

  /**
   * The validator under `key`, compiling it from `load()` on a miss. `load` is only called on a miss, so callers
   * can fetch the schema and its references lazily.
   * @throws SchemaCompileError from compileSchema; nothing is cached then.
   */
  getOrCompile(
    key: string,
    load: () => { input: SchemaInput; references?: ReferencedSchema[] },
  ): CompiledValidator {
    const cached = this.get(key);
    if (cached) return cached;
    const { input, references } = load();
    const validator = compileSchema(input, references);
    this.set(key, validator);
    return validator;
  }

  /** Keeps a validator compiled elsewhere (a registration compiles one to check the schema) under `key`. */
  set(key: string, validator: CompiledValidator): void {
    this.#entries.set(key, validator);
  }

  /** Drops every validator whose key matches, such as all versions of a schema that changed. */
  deleteWhere(predicate: (key: string) => boolean): void {
    this.#entries.deleteWhere(predicate);
  }
}
