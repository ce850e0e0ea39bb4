import { createMemoryStore } from './memory-store.ts';
import type { IdempotencyStore, SqlDatabase, StoreTimingOptions } from './types.ts';

/** Where {@link createIdempotencyStore} keeps records. */
export type IdempotencyStoreOptions = StoreTimingOptions &
  (
    | { databaseUrl?: undefined; dataDir?: undefined; db?: undefined }
    /** Postgres through postgres.js (install `postgres` and `drizzle-orm`). */
    | { databaseUrl: string; maxConnections?: number; dataDir?: undefined; db?: undefined }
    /** An embedded PGlite in this folder, or `memory://` (install `@electric-sql/pglite` and `drizzle-orm`). */
    | { dataDir: string; databaseUrl?: undefined; db?: undefined }
    /**
     * A drizzle database the caller opened, on postgres.js or PGlite (any `PgDatabase`). The store never closes it,
     * and `complete`'s `tx` is a transaction of this database.
     */
    | { db: SqlDatabase; databaseUrl?: undefined; dataDir?: undefined }
  );

interface OpenedDatabase {
  db: SqlDatabase;
  close(): Promise<void>;
}

/** A driver imported on first use, so that the memory store needs none of them installed. */
async function importDriver<T>(load: () => Promise<T>, what: string, packages: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`${what} needs ${packages} installed beside @schemagate/idempotency`, { cause: error });
    }
    throw error;
  }
}

async function openPostgres(url: string, max: number): Promise<OpenedDatabase> {
  const [{ default: postgres }, { drizzle }] = await importDriver(
    () => Promise.all([import('postgres'), import('drizzle-orm/postgres-js')]),
    'createIdempotencyStore({ databaseUrl })',
    '`postgres` and `drizzle-orm`',
  );
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // an outage should be an error in seconds, not a request left hanging (postgres.js waits 30 s to connect)
    connect_timeout: 5,
    idle_timeout: 60,
    connection: { application_name: 'schemagate-idempotency', statement_timeout: 10_000 },
  });
  return {
    db: drizzle({ client }),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<OpenedDatabase> {
  const [{ PGlite }, { drizzle }] = await importDriver(
    () => Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]),
    'createIdempotencyStore({ dataDir })',
    '`@electric-sql/pglite` and `drizzle-orm`',
  );
  const client = await PGlite.create({ dataDir });
  return { db: drizzle({ client }), close: () => client.close() };
}

/**
 * A store on a database this function opens or is given. The driver is imported and the table created on the
 * first call, which waits for both; a failure there is thrown to that caller and tried again by the next.
 */
function createDatabaseStore(
  open: () => Promise<OpenedDatabase>,
  timing: StoreTimingOptions,
): IdempotencyStore {
  let opened: Promise<{ store: IdempotencyStore; database: OpenedDatabase }> | undefined;
  let closed = false;
  const ready = () => {
    if (closed) return Promise.reject(new Error('The idempotency store is closed'));
    opened ??= (async () => {
      const [database, sqlStore] = await Promise.all([
        open(),
        importDriver(() => import('./sql-store.ts'), 'An SQL idempotency store', '`drizzle-orm`'),
      ]);
      try {
        await sqlStore.ensureIdempotencyTable(database.db);
      } catch (error) {
        await database.close().catch(() => {});
        throw error;
      }
      return { store: sqlStore.createSqlStore(database.db, timing), database };
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    begin: async (request) => (await ready()).store.begin(request),
    complete: async (lease, response, tx) => (await ready()).store.complete(lease, response, tx),
    insertCompleted: async (records, tx) => (await ready()).store.insertCompleted(records, tx),
    release: async (lease) => (await ready()).store.release(lease),
    sweep: async (limit) => (await ready()).store.sweep(limit),
    async close() {
      const pending = opened;
      closed = true;
      if (!pending) return;
      const { database } = await pending.catch(() => ({ database: undefined }));
      await database?.close();
    },
  };
}

/**
 * Opens an idempotency store: in memory with no options (tests, one process), on Postgres with `databaseUrl`,
 * on an embedded PGlite with `dataDir`, or on a drizzle database the caller already has with `db`. Database
 * stores create their `schemagate_idempotency` table themselves, under an advisory lock.
 *
 * @example
 * const store = createIdempotencyStore({ databaseUrl: process.env.DATABASE_URL! });
 * app.use('/orders/*', idempotency({ store, required: true }));
 */
export function createIdempotencyStore(options: IdempotencyStoreOptions = {}): IdempotencyStore {
  const timing: StoreTimingOptions = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.leaseSeconds !== undefined ? { leaseSeconds: options.leaseSeconds } : {}),
    ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
  };
  if (options.db) {
    const database: OpenedDatabase = { db: options.db, close: async () => {} };
    return createDatabaseStore(async () => database, timing);
  }
  if (options.databaseUrl) {
    const { databaseUrl } = options;
    const max = options.maxConnections ?? 5;
    return createDatabaseStore(() => openPostgres(databaseUrl, max), timing);
  }
  if (options.dataDir) {
    const { dataDir } = options;
    return createDatabaseStore(() => openPglite(dataDir), timing);
  }
  return createMemoryStore(timing);
}
