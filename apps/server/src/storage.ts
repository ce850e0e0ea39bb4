import { resolve } from 'node:path';
import {
  createKeyStore,
  createRegistryStore,
  type DatabaseHandle,
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
 * Keys are looked up on every request: remember answers (known and unknown) for a short while, so a request
 * costs a hash and a map lookup, and a flood of wrong keys can't turn into a flood of queries.
 */
function cachedKeyLookup(find: (hash: string) => Promise<ApiKeyPrincipal | undefined>): KeyLookup {
  const cache = new Map<string, { at: number; principal: ApiKeyPrincipal | undefined }>();
  return async (hash) => {
    const now = Date.now();
    const hit = cache.get(hash);
    if (hit && now - hit.at < KEY_CACHE_MS) return hit.principal;
    const principal = await find(hash);
    if (cache.size >= KEY_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(hash, { at: now, principal });
    return principal;
  };
}

/** The server's storage over an open, migrated database. */
export function storageFromHandle(handle: DatabaseHandle): Storage {
  const keys = createKeyStore(handle.db);
  const store = createRegistryStore(handle.db);
  return {
    kind: handle.kind,
    store,
    lookupKey: cachedKeyLookup(async (hash) => {
      const key = await keys.findByHash(hash);
      return key ? { id: key.id, scope: key.scope, hash: key.hash } : undefined;
    }),
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
