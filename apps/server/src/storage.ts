import { resolve } from 'node:path';
import {
  createKeyStore,
  createOutboxForwarding,
  createRegistryStore,
  type DatabaseHandle,
  KEY_CHANGES_CHANNEL,
  type KeyLimits,
  type KeyScope,
  type KeyStore,
  migrate,
  type OutboxForwarding,
  openDatabase,
  type RegistryStore,
  StorageTimeoutError,
} from '@schemagate/db';
import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import { cachedKeyLookup, type KeyCacheOptions } from './key-cache.ts';
import type { ApiKeyPrincipal, KeyLookup } from './middleware/auth.ts';

/** Managing keys over HTTP (`/v1/keys`): what the app needs of the key store. */
export interface KeyAdmin {
  issue: KeyStore['issue'];
  listLive: KeyStore['listLive'];
  /** Revokes in storage (announced to every replica) and drops the key from this process's cache at once. */
  revoke(id: string): Promise<boolean>;
  /** Records, at most once a minute per key in this process, that a key was used. */
  used(principal: ApiKeyPrincipal): void;
}

/** How often one process writes a key's `last_used_at`: a busy key must not turn every request into a write. */
const LAST_USED_EVERY_MS = 60_000;

export interface Storage {
  kind: DatabaseHandle['kind'];
  /** The database itself, for what writes in its own transactions (the gate, the idempotency records). */
  db: DatabaseHandle['db'];
  store: RegistryStore;
  /** The forwarding side of the outbox, for this replica's forwarder (with the same deadline on every call). */
  outbox: OutboxForwarding;
  lookupKey: KeyLookup;
  /**
   * Listens for revocations and drops them from the key cache (all of it when the channel comes back after a
   * lost connection); resolves to the function that stops it.
   */
  followKeyRevocations(): Promise<() => Promise<void>>;
  createKey(scope: KeyScope, name: string, limits?: KeyLimits): Promise<string>;
  keyAdmin: KeyAdmin;
  createFirstAdminKey(): Promise<string | undefined>;
  isEmpty(): Promise<boolean>;
  /** Resolves true when storage answers within 2 s; rejects with the reason otherwise. */
  ping(): Promise<boolean>;
  listen: DatabaseHandle['listen'];
  notify: DatabaseHandle['notify'];
  close(): Promise<void>;
}

/** How long `ping` waits for storage before `/readyz` says it is unavailable. */
const PING_DEADLINE_MS = 2000;

/** Rejects with a StorageTimeoutError if `work` has not settled within `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageTimeoutError(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The store with a deadline on every call: a call (one read, or one write with its transaction) that has not
 * settled within `ms` rejects with a StorageTimeoutError, answered 503. Connect and statement timeouts cannot
 * see a server that took the connection and then stopped answering (frozen, or cut off by the network).
 */
function withDeadlines<Store extends object>(store: Store, ms: number): Store {
  const bounded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store)) {
    bounded[name] =
      typeof method === 'function'
        ? (...args: unknown[]) => {
            const result = method.apply(store, args);
            return result instanceof Promise ? withDeadline(result, ms, 'storage') : result;
          }
        : method;
  }
  return bounded as Store;
}

export interface StorageOptions {
  /** How long key answers are used without asking storage, and how long while storage is unavailable (ms). */
  keyCache?: Pick<KeyCacheOptions, 'freshMs' | 'staleMs'>;
  /** The most one storage call may take before it is answered as a fault (ms); none by default. */
  deadlineMs?: number;
}

/** The server's storage over an open, migrated database. */
export function storageFromHandle(handle: DatabaseHandle, options: StorageOptions = {}): Storage {
  const keys = createKeyStore(handle.db);
  const { deadlineMs } = options;
  const store = deadlineMs
    ? withDeadlines(createRegistryStore(handle.db), deadlineMs)
    : createRegistryStore(handle.db);
  const findKeys = (prefix: string) =>
    deadlineMs ? withDeadline(keys.findByPrefix(prefix), deadlineMs, 'storage') : keys.findByPrefix(prefix);
  const lookupKey = cachedKeyLookup(
    async (prefix) =>
      (await findKeys(prefix)).map(
        (key): ApiKeyPrincipal => ({
          id: key.id,
          scope: key.scope,
          hash: Buffer.from(key.hash, 'hex'),
          registries: key.registries ? new Set(key.registries) : null,
          rateLimit:
            key.rateLimitPerSecond !== null && key.rateLimitBurst !== null
              ? { perSecond: key.rateLimitPerSecond, burst: key.rateLimitBurst }
              : null,
        }),
      ),
    options.keyCache ?? { freshMs: 30_000, staleMs: 300_000 },
  );
  const lastWritten = new Map<string, number>();
  const keyAdmin: KeyAdmin = {
    issue: (scope, name, limits) => keys.issue(scope, name, limits),
    listLive: (page) => keys.listLive(page),
    async revoke(id) {
      const prefix = await keys.revokeById(id);
      if (prefix === undefined) return false;
      // the NOTIFY reaches this process too, a moment later: the next request here must not wait for it
      lookupKey.forget(prefix);
      lastWritten.delete(id);
      return true;
    },
    used(principal) {
      const now = Date.now();
      const last = lastWritten.get(principal.id);
      if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
      lastWritten.set(principal.id, now);
      // best effort: a request is not failed, nor made to wait, for a timestamp
      keys.touch(principal.id).catch(() => lastWritten.delete(principal.id));
    },
  };
  const outbox = createOutboxForwarding(handle.db);
  return {
    kind: handle.kind,
    db: handle.db,
    store,
    outbox: deadlineMs ? withDeadlines(outbox, deadlineMs) : outbox,
    lookupKey,
    keyAdmin,
    // revocations announced while the channel was down were missed: forget every key once it is back
    followKeyRevocations: () =>
      handle.listen(
        KEY_CHANGES_CHANNEL,
        (prefix) => lookupKey.forget(prefix),
        () => lookupKey.clear(),
      ),
    createKey: (scope, name, limits) => keys.create(scope, name, limits),
    createFirstAdminKey: () => keys.createFirstAdmin(),
    isEmpty: () => store.isEmpty(),
    ping: async () => {
      await withDeadline(handle.db.execute(sql`select 1`), PING_DEADLINE_MS, 'storage');
      return true;
    },
    listen: (channel, onPayload, onRelisten) => handle.listen(channel, onPayload, onRelisten),
    notify: (channel, payload) => handle.notify(channel, payload),
    close: () => handle.close(),
  };
}

/** Opens the configured database (Postgres with DATABASE_URL, else PGlite in the data folder) and migrates it. */
export async function openStorage(config: Config): Promise<Storage> {
  const timeouts = {
    connectMs: config.SCHEMAGATE_DB_CONNECT_TIMEOUT_MS,
    statementMs: config.SCHEMAGATE_DB_STATEMENT_TIMEOUT_MS,
  };
  const handle = await openDatabase(
    config.DATABASE_URL
      ? { url: config.DATABASE_URL, timeouts }
      : { dataDir: resolve(config.SCHEMAGATE_DATA) },
  );
  try {
    await migrate(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return storageFromHandle(handle, {
    deadlineMs: config.SCHEMAGATE_DB_DEADLINE_MS,
    keyCache: {
      freshMs: config.SCHEMAGATE_KEY_CACHE_SECONDS * 1000,
      staleMs: config.SCHEMAGATE_KEY_STALE_SECONDS * 1000,
    },
  });
}
