import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { dataFolderLayout, restrictToOwner, secureDataFolder } from './data-folder.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import * as schema from './schema/index.ts';

/** One drizzle type for both drivers: every query is written once against it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: the drizzle handle plus the LISTEN/NOTIFY the server invalidates caches with. */
export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /**
   * LISTEN on a channel; resolves to the function that stops listening. After the connection was lost and the
   * channel is listened to again, `onRelisten` is called: notifications sent in between were missed.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onRelisten?: () => void,
  ): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** Where to store: `url` for Postgres, else a PGlite data folder. */
export interface OpenDatabaseOptions {
  /** `postgres://...`: use Postgres through postgres.js. */
  url?: string;
  /**
   * schemagate's data folder (default `./.schemagate/data`): PGlite lives in its `pglite/` subfolder, or in the
   * folder itself when it was laid out so before (see `dataFolderLayout`); `memory://` keeps it in memory.
   */
  dataDir?: string;
  /** A PGlite data folder dump to start from (see `dumpDataDir`). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** How long Postgres may keep us waiting (see {@link PostgresTimeouts}). */
  timeouts?: PostgresTimeouts;
}

/**
 * Bounds on waiting for Postgres, so that an outage is answered in seconds rather than after a hang.
 */
export interface PostgresTimeouts {
  /** Opening a connection: TCP connect and startup. Default 2000 ms. */
  connectMs?: number;
  /** One statement on the server (`statement_timeout`), lock waits included. Default 10000 ms. */
  statementMs?: number;
  /** A transaction left idle by its client is ended by the server (`idle_in_transaction_session_timeout`). Default 30000 ms. */
  idleInTransactionMs?: number;
  /** A pooled connection idle this long is closed. Default 60000 ms. */
  idleConnectionMs?: number;
  /** The longest wait between two attempts to reconnect after a connection failed. Default 1000 ms. */
  maxReconnectDelayMs?: number;
}

const defaultTimeouts: Required<PostgresTimeouts> = {
  connectMs: 2000,
  statementMs: 10_000,
  idleInTransactionMs: 30_000,
  idleConnectionMs: 60_000,
  maxReconnectDelayMs: 1000,
};

/** Opens storage: Postgres when a URL is given, else embedded PGlite. Does not migrate (see `migrate`). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10, options.timeouts);
  return openPglite(options.dataDir ?? './.schemagate/data', options.loadDataDir);
}

function openPostgres(url: string, max: number, timeouts: PostgresTimeouts = {}): DatabaseHandle {
  const limits = { ...defaultTimeouts, ...timeouts };
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    // postgres.js counts these in seconds
    connect_timeout: limits.connectMs / 1000,
    idle_timeout: limits.idleConnectionMs / 1000,
    // its default backoff grows to 20 s between attempts, and a query waits for the next attempt: during an
    // outage that is a 20 s hang before the error, and as long a delay before the first query after it
    backoff: (retries: number) =>
      (Math.min(10 * 2 ** retries, limits.maxReconnectDelayMs) * (0.5 + Math.random() / 2)) / 1000,
    connection: {
      application_name: 'schemagate',
      statement_timeout: limits.statementMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionMs,
    },
  });
  return {
    db: drizzlePostgres({ client: sql, schema }) as unknown as Database,
    kind: 'postgres',
    async listen(channel, onPayload, onRelisten) {
      let listened = false;
      // postgres.js listens again by itself after its connection was lost, and calls this each time it has
      const { unlisten } = await sql.listen(channel, onPayload, () => {
        if (listened) onRelisten?.();
        listened = true;
      });
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * PGlite in a data folder: in its `pglite/` subfolder, or in the folder itself when it was laid out that way
 * before (see `dataFolderLayout`). The folder is checked to be ours and kept 0700, PGlite's files 0600.
 */
async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  let unlock = async () => {};
  let restrict = async () => {};
  let pgliteDir = dataDir;
  if (!dataDir.startsWith('memory://')) {
    const folder = dataFolderLayout(dataDir);
    await secureDataFolder(folder.root);
    pgliteDir = folder.pgliteDir;
    await mkdir(pgliteDir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    unlock = await lockDataFolder(pgliteDir);
    restrict = () => restrictToOwner(pgliteDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: pgliteDir, ...(loadDataDir ? { loadDataDir } : {}) });
  } catch (error) {
    await unlock();
    throw error;
  }
  // initdb's files and those PGlite writes as it starts are 0666 whatever the umask (a fresh folder holds about a
  // thousand, narrowed in some 50-130 ms); what Postgres creates later is 0600 already
  await restrict();
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
