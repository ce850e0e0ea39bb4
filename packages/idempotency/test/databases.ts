/**
 * The databases the SQL store is tested on: an embedded PGlite always, and Postgres too when DATABASE_URL is
 * set, each a database of its own, dropped by `close()`. (The package does not use @schemagate/db, so it does not
 * borrow its test databases either: those come migrated with schemagate's tables, which the store must not need.)
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { SqlDatabase } from '../src/store/types.ts';

export interface OpenTestDatabase {
  db: SqlDatabase;
  /** Postgres only: the database's URL, for stores that open connections of their own. */
  url?: string;
  /** Deletes every record, for tests that count the table. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<OpenTestDatabase>;
}

const clearTable = (db: SqlDatabase) => async () => {
  await db.execute(sql`delete from schemagate_idempotency`);
};

async function openPglite(): Promise<OpenTestDatabase> {
  const client = await PGlite.create({ dataDir: 'memory://' });
  const db: SqlDatabase = drizzlePglite({ client });
  return { db, clear: clearTable(db), close: () => client.close() };
}

async function openPostgres(url: string): Promise<OpenTestDatabase> {
  const name = `sg_idem_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = postgres(target.toString(), { max: 4, onnotice: () => {} });
  const db: SqlDatabase = drizzlePostgres({ client });
  return {
    db,
    url: target.toString(),
    clear: clearTable(db),
    async close() {
      await client.end({ timeout: 5 });
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export function eachDatabase(): TestDatabase[] {
  const url = process.env.DATABASE_URL;
  const list: TestDatabase[] = [{ name: 'pglite', open: openPglite }];
  if (url) list.push({ name: 'postgres', open: () => openPostgres(url) });
  return list;
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
