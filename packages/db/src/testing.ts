/**
 * Fresh, migrated databases for tests: PGlite always, and Postgres too when DATABASE_URL is set. Each
 * `create()` gives a database of its own, dropped (or discarded) by `close()`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from './client.ts';
import { migrate, readMigrations } from './migrate.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  create(): Promise<DatabaseHandle>;
}

let migratedPglite: Promise<Blob> | undefined;

/**
 * A fresh PGlite costs seconds to initialise here; loading a dump of an initialised, migrated one costs a
 * fraction of that. The dump is kept in the temp folder, keyed by the migrations it holds.
 */
function migratedPgliteDump(): Promise<Blob> {
  migratedPglite ??= (async () => {
    const migrations = await readMigrations();
    const key = createHash('sha256')
      .update(migrations.map((m) => m.hash).join(','))
      .update(PGlite.name)
      .digest('hex')
      .slice(0, 16);
    const folder = join(tmpdir(), 'schemagate-pglite');
    const file = join(folder, `migrated-${key}.tar`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([new Uint8Array(cached)]);
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrate(handle.db);
    const pglite = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await pglite.dumpDataDir('none');
    await handle.close();
    await mkdir(folder, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  })();
  return migratedPglite;
}

async function createPglite(): Promise<DatabaseHandle> {
  return openDatabase({ dataDir: 'memory://', loadDataDir: await migratedPgliteDump() });
}

async function createPostgres(url: string): Promise<DatabaseHandle> {
  const name = `sg_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ url: target.toString() });
  await migrate(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The databases every storage test runs on. */
export function eachDatabase(): TestDatabase[] {
  const url = process.env.DATABASE_URL;
  const list: TestDatabase[] = [{ name: 'pglite', create: createPglite }];
  if (url) list.push({ name: 'postgres', create: () => createPostgres(url) });
  return list;
}
