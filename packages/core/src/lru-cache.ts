/** Options of {@link LruCache}. */
export interface LruCacheOptions<K, V> {
  /** The most entries kept; past it, the least recently used goes. A positive integer. */
  max: number;
  /**
   * Called for each entry dropped to make room (not for `delete`, `clear` or a `set` that replaces a value), for
   * caches whose entries are also held elsewhere.
   */
  onEvict?: (key: K, value: V) => void;
}

/**
 * A cache bounded by its number of entries that drops the least recently used first. Every operation is O(1): a
 * Map iterates in insertion order, so moving an entry to the end on use keeps the oldest use first. `get` and `set`
 * count as uses; `peek` and `has` do not.
 */
export class LruCache<K, V> {
  readonly max: number;
  readonly #entries = new Map<K, V>();
  readonly #onEvict: ((key: K, value: V) => void) | undefined;
  /** The most recently used key: a repeated hit on it (one hot schema) costs a single lookup. */
  #newest: K | undefined;
  #hasNewest = false;
  /**
   * An iterator kept from eviction to eviction. Asking a fresh iterator for the first entry would step over every
   * entry deleted from the front since the Map last compacted (O(n) per eviction under churn); a kept one resumes
   * where it stopped, and everything before it has been evicted, while entries moved on use went to the end.
   */
  #oldest: MapIterator<[K, V]> | undefined;

  constructor(options: LruCacheOptions<K, V>) {
    if (!Number.isInteger(options.max) || options.max < 1) {
      throw new RangeError(`LruCache max must be a positive integer, not ${options.max}`);
    }
    this.max = options.max;
    this.#onEvict = options.onEvict;
  }

  /** The number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined && !this.#entries.has(key)) return undefined;
    this.#touch(key, value as V);
    return value;
  }

  /** The value under `key` without counting a use. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Keeps `value` under `key` as the most recently used entry, dropping the least recently used past `max`. */
  set(key: K, value: V): this {
    if (this.#entries.has(key)) {
      this.#touch(key, value);
      this.#entries.set(key, value);
      return this;
    }
    this.#entries.set(key, value);
    this.#newest = key;
    this.#hasNewest = true;
    if (this.#entries.size > this.max) {
      this.#oldest ??= this.#entries.entries();
      let next = this.#oldest.next();
      if (next.done) {
        this.#oldest = this.#entries.entries();
        next = this.#oldest.next();
      }
      const [oldestKey, oldestValue] = next.value as [K, V];
      this.#entries.delete(oldestKey);
      this.#onEvict?.(oldestKey, oldestValue);
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.#hasNewest && this.#newest === key) this.#forgetNewest();
    return this.#entries.delete(key);
  }

  /** Deletes every entry whose key matches, such as all versions of a schema that changed. */
  deleteWhere(predicate: (key: K, value: V) => boolean): void {
    for (const [key, value] of [...this.#entries]) if (predicate(key, value)) this.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#oldest = undefined;
    this.#forgetNewest();
  }

  /** The keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.#entries.keys();
  }

  /** The values, least recently used first. */
  values(): IterableIterator<V> {
    return this.#entries.values();
  }

  #touch(key: K, value: V): void {
    if (this.#hasNewest && this.#newest === key) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.#newest = key;
    this.#hasNewest = true;
  }

  #forgetNewest(): void {
    this.#newest = undefined;
    this.#hasNewest = false;
  }
}
