import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/** The committed drizzle-kit output. */
export const MIGRATIONS_FOLDER = new URL('../drizzle/', import.meta.url);

// any constant shared by every replica; "schemagate" in ASCII
const MIGRATION_LOCK = 0x736368656d61;

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

/** The migrations of a drizzle-kit output folder, in journal order, each split into its statements. */
export async function readMigrations(folder: URL = MIGRATIONS_FOLDER): Promise<Migration[]> {
  const journal = JSON.parse(await readFile(new URL('meta/_journal.json', folder), 'utf8')) as Journal;
  const migrations: Migration[] = [];
  for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
    const text = await readFile(new URL(`${entry.tag}.sql`, folder), 'utf8');
    migrations.push({
      tag: entry.tag,
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
    });
  }
  return migrations;
}

/**
 * Applies the migrations not applied yet, in one transaction that holds a Postgres advisory lock, so replicas
 * starting together apply each migration once and the others wait, then find nothing to do.
 */
export async function migrate(db: Database, folder: URL = MIGRATIONS_FOLDER): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(folder);
  return db.transaction(async (tx) => {
    // the connection's statement_timeout (10 s by default, see PostgresTimeouts) guards requests, not schema
    // changes: a migration rewriting a large table, or a replica waiting on the lock while another applies one,
    // must not fail the start. LOCAL ends with this transaction, so the pooled connection keeps its bound.
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create table if not exists schemagate_migrations (
      tag text primary key,
      hash text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = await tx.execute(sql`select tag, hash from schemagate_migrations`);
    const appliedHashes = new Map(
      rowsOf<{ tag: string; hash: string }>(done).map((row) => [row.tag, row.hash]),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      const appliedHash = appliedHashes.get(migration.tag);
      if (appliedHash !== undefined) {
        // an applied migration is history: editing it would leave this database and a fresh one different
        if (appliedHash !== migration.hash)
          throw new Error(
            `Migration ${migration.tag} changed after it was applied; add a new migration instead`,
          );
        continue;
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into schemagate_migrations (tag, hash) values (${migration.tag}, ${migration.hash})`,
      );
      applied.push(migration.tag);
    }
    return { applied };
  });
}

/** postgres.js answers an array of rows, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
