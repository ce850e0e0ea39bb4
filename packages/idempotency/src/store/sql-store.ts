import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { bigint, integer, type PgDatabase, type PgQueryResultHKT, pgTable, text } from 'drizzle-orm/pg-core';
import { leaseTiming } from './lease-timing.ts';
import {
  type BeginRequest,
  type BeginResult,
  type CompletedRecord,
  DEFAULT_SWEEP_LIMIT,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
  type SqlDatabase,
  type SqlExecutor,
  type StoredResponse,
  type StoreTimingOptions,
} from './types.ts';

// "sgidem" in ASCII: any constant every replica shares, distinct from the migrations' lock
const TABLE_LOCK = 0x73676964656d;

/**
 * The table, created once per database. Times are epoch milliseconds from the store's clock, so that tests can
 * move time and every statement compares like with like. `lease_token` is set while a request is in progress.
 */
const tableStatements = [
  sql`create table if not exists schemagate_idempotency (
    scope text not null,
    key text not null,
    fingerprint text not null,
    lease_token text,
    locked_until_ms bigint,
    expires_at_ms bigint not null,
    created_at_ms bigint not null,
    status integer,
    headers text,
    body text,
    body_encoding text,
    primary key (scope, key)
  )`,
  sql`create index if not exists schemagate_idempotency_expires_idx on schemagate_idempotency (expires_at_ms)`,
  sql`create index if not exists schemagate_idempotency_locked_idx on schemagate_idempotency (locked_until_ms)
    where lease_token is not null`,
];

/**
 * Creates the table if it is missing, holding a transaction-scoped advisory lock: replicas that start together
 * would otherwise race on the catalog (`create table if not exists` is not safe against a concurrent create).
 */
export async function ensureIdempotencyTable(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TABLE_LOCK}::bigint)`);
    for (const statement of tableStatements) await tx.execute(statement);
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** postgres.js answers an array of rows, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

interface RecordRow {
  fingerprint: string;
  lease_token: string | null;
  locked_until_ms: string | number | bigint | null;
  status: number | null;
  headers: string | null;
  body: string | null;
  body_encoding: string | null;
}

function storedResponse(row: RecordRow): StoredResponse {
  return {
    status: Number(row.status),
    headers: JSON.parse(row.headers ?? '{}') as Record<string, string>,
    body: row.body ?? '',
    ...(row.body_encoding === 'base64' ? { bodyEncoding: 'base64' as const } : {}),
  };
}

/**
 * The table as drizzle's insert builder needs it (`insertCompleted` only: a named insert is prepared once per
 * connection, a plain `execute` never). Columns in the order of {@link tableStatements}.
 */
const recordsTable = pgTable('schemagate_idempotency', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  leaseToken: text('lease_token'),
  lockedUntilMs: bigint('locked_until_ms', { mode: 'number' }),
  expiresAtMs: bigint('expires_at_ms', { mode: 'number' }).notNull(),
  createdAtMs: bigint('created_at_ms', { mode: 'number' }).notNull(),
  status: integer('status'),
  headers: text('headers'),
  body: text('body'),
  bodyEncoding: text('body_encoding'),
});

const recordId = (scope: string, key: string) => JSON.stringify([scope, key]);

/**
 * Records in the `schemagate_idempotency` table of a Postgres or PGlite database, through drizzle. The table must
 * exist (see {@link ensureIdempotencyTable}); `close` is left to whoever opened the database.
 *
 * `begin` is one `insert ... on conflict do update ... where <the record is dead>`: Postgres locks the conflicting
 * row and re-checks the condition on its newest version, so among concurrent callers, on any number of
 * connections, one takes the key and the others see the record it wrote.
 */
export function createSqlStore(db: SqlDatabase, options: StoreTimingOptions = {}): IdempotencyStore {
  const timing = leaseTiming(options);

  async function claim(request: BeginRequest, now: number): Promise<string | undefined> {
    const token = randomUUID();
    const lockedUntil = now + timing.leaseMs(request.leaseSeconds);
    const expiresAt = now + Math.round(request.ttlSeconds * 1000);
    const rows = rowsOf<{ lease_token: string }>(
      await db.execute(sql`
        insert into schemagate_idempotency as r
          (scope, key, fingerprint, lease_token, locked_until_ms, expires_at_ms, created_at_ms)
        values (${request.scope}, ${request.key}, ${request.fingerprint}, ${token},
          ${lockedUntil}::bigint, ${expiresAt}::bigint, ${now}::bigint)
        on conflict (scope, key) do update set
          fingerprint = excluded.fingerprint, lease_token = excluded.lease_token,
          locked_until_ms = excluded.locked_until_ms, expires_at_ms = excluded.expires_at_ms,
          created_at_ms = excluded.created_at_ms,
          status = null, headers = null, body = null, body_encoding = null
        where r.expires_at_ms <= ${now}::bigint
          or (r.lease_token is not null and r.locked_until_ms <= ${now}::bigint)
        returning lease_token`),
    );
    return rows[0]?.lease_token;
  }

  return {
    async begin(request) {
      // the record found live may be swept or expire before it is read: then claiming again settles it
      for (let attempt = 0; ; attempt++) {
        const now = timing.now();
        const token = await claim(request, now);
        if (token) return { state: 'acquired', lease: { scope: request.scope, key: request.key, token } };
        const [row] = rowsOf<RecordRow>(
          await db.execute(sql`
            select fingerprint, lease_token, locked_until_ms, status, headers, body, body_encoding
            from schemagate_idempotency where scope = ${request.scope} and key = ${request.key}`),
        );
        if (!row) {
          if (attempt < 3) continue;
          throw new Error(`The idempotency record of key "${request.key}" keeps disappearing`);
        }
        if (row.fingerprint !== request.fingerprint) return { state: 'mismatch' } satisfies BeginResult;
        if (row.lease_token === null) return { state: 'replay', response: storedResponse(row) };
        return { state: 'in_flight', retryAfterSeconds: timing.retryAfter(Number(row.locked_until_ms)) };
      }
    },

    async complete(lease, response, tx) {
      const executor = (tx as SqlExecutor | undefined) ?? db;
      const rows = rowsOf(
        await executor.execute(sql`
          update schemagate_idempotency set
            lease_token = null, locked_until_ms = null, status = ${response.status},
            headers = ${JSON.stringify(response.headers)}, body = ${response.body},
            body_encoding = ${response.bodyEncoding ?? 'utf8'}
          where scope = ${lease.scope} and key = ${lease.key} and lease_token = ${lease.token}
          returning 1 as done`),
      );
      if (rows.length === 0) throw new IdempotencyLeaseLostError(lease);
    },

    async insertCompleted(records, tx) {
      const executor = (tx as SqlExecutor | undefined) ?? db;
      const now = timing.now();
      // a key twice in this call: the first is written, the next ones are left to begin, as a second request is
      const firsts = new Map<string, CompletedRecord>();
      for (const record of records) {
        const id = recordId(record.scope, record.key);
        if (!firsts.has(id)) firsts.set(id, record);
      }
      // every writer takes the keys' index entries in one order, so two transactions that share keys wait for one
      // another instead of deadlocking; a committed record is skipped without waiting (do nothing takes no lock)
      const sorted = [...firsts.values()].sort((a, b) =>
        a.scope === b.scope ? compare(a.key, b.key) : compare(a.scope, b.scope),
      );
      const written = new Set<string>();
      if (sorted.length > 0) {
        const column = <T>(value: (r: CompletedRecord) => T) => sql.param(sorted.map(value));
        // one array a column: the statement's text is the same for any number of records, so it is prepared once
        // per connection (named, through drizzle's insert builder: postgres.js parses and describes it only the
        // first time), with nine parameters whatever the count. The select yields every column in order
        const rows = await (executor as unknown as PgDatabase<PgQueryResultHKT>)
          .insert(recordsTable)
          .select(
            sql`select scope, key, fingerprint, null, null, expires_at_ms, ${now}::bigint, status, headers, body, body_encoding
              from unnest(${column((r) => r.scope)}::text[], ${column((r) => r.key)}::text[],
                ${column((r) => r.fingerprint)}::text[], ${column((r) => r.response.status)}::int[],
                ${column((r) => JSON.stringify(r.response.headers))}::text[], ${column((r) => r.response.body)}::text[],
                ${column((r) => r.response.bodyEncoding ?? 'utf8')}::text[],
                ${column((r) => now + Math.round(r.ttlSeconds * 1000))}::bigint[])
                as r(scope, key, fingerprint, status, headers, body, body_encoding, expires_at_ms)`,
          )
          .onConflictDoNothing()
          .returning({ scope: recordsTable.scope, key: recordsTable.key })
          .prepare('schemagate_idempotency_insert_completed')
          .execute();
        for (const row of rows) written.add(recordId(row.scope, row.key));
      }
      return records.map((record) => {
        const id = recordId(record.scope, record.key);
        // only the first record of a key may claim the row it wrote
        return firsts.get(id) === record && written.has(id);
      });
    },

    async release(lease) {
      await db.execute(sql`
        delete from schemagate_idempotency
        where scope = ${lease.scope} and key = ${lease.key} and lease_token = ${lease.token}`);
    },

    async sweep(limit = DEFAULT_SWEEP_LIMIT) {
      const now = timing.now();
      // skip locked: sweepers in several replicas share the work instead of queueing on the same rows
      const [row] = rowsOf<{ deleted: number }>(
        await db.execute(sql`
          with swept as (
            delete from schemagate_idempotency where ctid = any(array(
              select ctid from schemagate_idempotency
              where expires_at_ms <= ${now}::bigint
                or (lease_token is not null and locked_until_ms <= ${now}::bigint)
              limit ${Math.max(0, Math.floor(limit))}::int
              for update skip locked))
            returning 1)
          select count(*)::int as deleted from swept`),
      );
      return Number(row?.deleted ?? 0);
    },

    async close() {},
  };
}
