import { resolve } from 'node:path';
import {
  createKeyStore,
  createRegistryStore,
  type DatabaseHandle,
  KEY_CHANGES_CHANNEL,
  type KeyScope,
  migrate,
  openDatabase,
  type RegistryStore,
} from '@schemagate/db';
import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import type { ApiKeyPrincipal, KeyLookup } from './middleware/auth.ts';

export interface Storage {
  kind: DatabaseHandle['kind'];
  store: RegistryStore;
  lookupKey: KeyLookup;
  /** Listens for revocations and drops them from the key cache; resolves to the function that stops it. */
  followKeyRevocations(): Promise<() => Promise<void>>;
  createKey(scope: KeyScope, name: string): Promise<string>;
  createFirstAdminKey(): Promise<string | undefined>;
  isEmpty(): Promise<boolean>;
  ping(): Promise<boolean>;
  listen: DatabaseHandle['listen'];
  notify: DatabaseHandle['notify'];
  close(): Promise<void>;
}

const KEY_CACHE_MS = 30_000;
const KEY_CACHE_MAX = 10_000;

/**
 * Keys are looked up on every request: remember answers (found or not) for a short while, so a request with a
 * known key costs a hash and a map lookup. A revocation announced on KEY_CHANGES_CHANNEL drops the entry at
 * once; one that is not (a write straight into the table) takes effect within KEY_CACHE_MS.
 */
function cachedKeyLookup(
  find: (prefix: string) => Promise<ApiKeyPrincipal[]>,
): KeyLookup & { forget(prefix: string): void } {
  const cache = new Map<string, { at: number; candidates: ApiKeyPrincipal[] }>();
  const lookup = (prefix: string) => {
    const now = Date.now();
    const hit = cache.get(prefix);
    if (hit && now - hit.at < KEY_CACHE_MS) return hit.candidates;
    return find(prefix).then((candidates) => {
      if (cache.size >= KEY_CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(prefix, { at: now, candidates });
      return candidates;
    });
  };
  return Object.assign(lookup, { forget: (prefix: string) => void cache.delete(prefix) });
}

/** The server's storage over an open, migrated database. */
export function storageFromHandle(handle: DatabaseHandle): Storage {
  const keys = createKeyStore(handle.db);
  const store = createRegistryStore(handle.db);
  const lookupKey = cachedKeyLookup(async (prefix) =>
    (await keys.findByPrefix(prefix)).map((key) => ({
      id: key.id,
      scope: key.scope,
      hash: Buffer.from(key.hash, 'hex'),
    })),
  );
  return {
    kind: handle.kind,
    store,
    lookupKey,
    followKeyRevocations: () => handle.listen(KEY_CHANGES_CHANNEL, (prefix) => lookupKey.forget(prefix)),
    createKey: (scope, name) => keys.create(scope, name),
    createFirstAdminKey: () => keys.createFirstAdmin(),
    isEmpty: () => store.isEmpty(),
    ping: async () => {
      await handle.db.execute(sql`select 1`);
      return true;
    },
    listen: (channel, onPayload) => handle.listen(channel, onPayload),
    notify: (channel, payload) => handle.notify(channel, payload),
    close: () => handle.close(),
  };
}

/** Opens the configured database (Postgres with DATABASE_URL, else PGlite in the data folder) and migrates it. */
export async function openStorage(config: Config): Promise<Storage> {
  const handle = await openDatabase(
    config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: resolve(config.SCHEMAGATE_DATA) },
  );
  try {
    await migrate(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return storageFromHandle(handle);
}
