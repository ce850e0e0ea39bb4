import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { lockDataFolder } from './data-folder-lock.ts';
import * as schema from './schema/index.ts';

/** One drizzle type for both drivers: every query is written once against it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: the drizzle handle plus the LISTEN/NOTIFY the server invalidates caches with. */
export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** LISTEN on a channel; resolves to the function that stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** Where to store: `url` for Postgres, else a PGlite data folder. */
export interface OpenDatabaseOptions {
  /** `postgres://...`: use Postgres through postgres.js. */
  url?: string;
  /** PGlite data folder (default `./.schemagate/data`); `memory://` keeps it in memory. */
  dataDir?: string;
  /** A PGlite data folder dump to start from (see `dumpDataDir`). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  maxConnections?: number;
}

/** Opens storage: Postgres when a URL is given, else embedded PGlite. Does not migrate (see `migrate`). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  return openPglite(options.dataDir ?? './.schemagate/data', options.loadDataDir);
}

function openPostgres(url: string, max: number): DatabaseHandle {
  const sql = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'schemagate' } });
  return {
    db: drizzlePostgres({ client: sql, schema }) as unknown as Database,
    kind: 'postgres',
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  let unlock = async () => {};
  if (!dataDir.startsWith('memory://')) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataFolder(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir, ...(loadDataDir ? { loadDataDir } : {}) });
  } catch (error) {
    await unlock();
    throw error;
  }
  return {
    db: drizzlePglite({ client, schema }) as unknown as Database,
    kind: 'pglite',
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await client.close();
      await unlock();
    },
  };
}

export { schema };
