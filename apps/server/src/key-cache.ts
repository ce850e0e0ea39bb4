import { LruCache } from '@schemagate/core';
import { isStorageUnavailable } from '@schemagate/db';
import type { ApiKeyPrincipal, KeyLookup } from './middleware/auth.ts';

export interface KeyCacheOptions {
  /** An answer younger than this is used without asking storage. */
  freshMs: number;
  /**
   * While storage is unavailable, an answer younger than this is still used; past it, the lookup fails (and the
   * request is answered 503). 0 or anything up to `freshMs` turns this off.
   */
  staleMs: number;
  /** After a refresh failed because storage is unavailable, requests use the stale answer this long before the next try. */
  retryMs?: number;
  max?: number;
  now?: () => number;
}

/** A key lookup that remembers its answers, drops a revoked key on `forget`, and everything on `clear`. */
export type CachedKeyLookup = KeyLookup & {
  /** Drops one prefix, e.g. when its revocation is announced. */
  forget(prefix: string): void;
  /** Drops every answer, e.g. after announcements may have been missed. */
  clear(): void;
};

interface Entry {
  /** When storage gave this answer. */
  at: number;
  candidates: ApiKeyPrincipal[];
  /** When a refresh last failed because storage was unavailable. */
  failedAt?: number;
  refreshing?: Promise<ApiKeyPrincipal[]>;
}

/**
 * Keys are looked up on every request: remember answers (found or not) for `freshMs`, so a request with a known
 * key costs a hash and a map lookup. A revocation announced through `forget` takes effect at once; one that is not
 * (a write straight into the table) within `freshMs`.
 *
 * When a refresh fails because storage is unavailable, the last answer keeps being used until it is `staleMs`
 * old, so validation with cached schemas goes on through a short outage: only the request that found storage
 * down waited for it, the next ones answer from the cache while storage is asked again in the background, at most
 * every `retryMs`. A key never seen before, or last checked `staleMs` ago, cannot be checked and the lookup fails.
 */
export function cachedKeyLookup(
  find: (prefix: string) => Promise<ApiKeyPrincipal[]>,
  options: KeyCacheOptions,
): CachedKeyLookup {
  const { freshMs, staleMs } = options;
  const retryMs = options.retryMs ?? 1000;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  // looked-up prefixes come from requests, found or not: the least recently used answers go first
  const cache = new LruCache<string, Entry>({ max });
  // a load that started before a forget or clear must not put back what was dropped
  let generation = 0;

  const load = (prefix: string): Promise<ApiKeyPrincipal[]> => {
    const started = now();
    const startedIn = generation;
    return find(prefix).then((candidates) => {
      if (startedIn === generation) cache.set(prefix, { at: started, candidates });
      return candidates;
    });
  };

  const refresh = (prefix: string, entry: Entry): Promise<ApiKeyPrincipal[]> =>
    load(prefix).then(
      (candidates) => candidates,
      (error: unknown) => {
        entry.refreshing = undefined;
        if (!isStorageUnavailable(error) || cache.get(prefix) !== entry) throw error;
        entry.failedAt = now();
        return entry.candidates;
      },
    );

  const lookup = (prefix: string): ApiKeyPrincipal[] | Promise<ApiKeyPrincipal[]> => {
    const entry = cache.get(prefix);
    if (!entry) return load(prefix);
    const time = now();
    const age = time - entry.at;
    if (age < freshMs) return entry.candidates;
    if (age >= staleMs) return load(prefix);
    if (entry.failedAt !== undefined) {
      // storage was unavailable at the last try: answer from the cache now and ask again in the background
      if (!entry.refreshing && time - entry.failedAt >= retryMs) {
        entry.refreshing = refresh(prefix, entry);
        entry.refreshing.catch(() => {});
      }
      return entry.candidates;
    }
    entry.refreshing ??= refresh(prefix, entry);
    return entry.refreshing;
  };

  return Object.assign(lookup, {
    forget(prefix: string) {
      generation++;
      cache.delete(prefix);
    },
    clear() {
      generation++;
      cache.clear();
    },
  });
}
