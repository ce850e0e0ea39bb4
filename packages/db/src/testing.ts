/**
 * Fresh, migrated databases for tests: PGlite always, and Postgres too when DATABASE_URL is set. Each
 * `create()` gives a database of its own, dropped (or discarded) by `close()`.
 *
 * @example
 * describe.each(eachDatabase())('registry ($name)', (database) => {
 *   let handle: DatabaseHandle;
 *   beforeAll(async () => { handle = await database.create(); });
 *   afterAll(() => handle.close());
 * });
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase, type PostgresTimeouts } from './client.ts';
import { migrate, readMigrations } from './migrate.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** `timeouts` are passed to postgres.js; PGlite has none to set. */
  create(options?: { timeouts?: PostgresTimeouts }): Promise<DatabaseHandle>;
}

interface PgliteDump {
  blob: Blob;
  /** Where the dump is kept between test runs. */
  file: string;
  fromCache: boolean;
}

let migratedPglite: Promise<PgliteDump> | undefined;

async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8'));
  return String(manifest.version);
}

async function dumpFile(): Promise<string> {
  // a dump is only good for the PGlite build that wrote it and the migrations it holds
  const key = createHash('sha256')
    .update((await readMigrations()).map((m) => m.hash).join(','))
    .update(await pgliteVersion())
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), 'schemagate-pglite', `migrated-${key}.tar`);
}

async function buildDump(file: string): Promise<PgliteDump> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrate(handle.db);
  const pglite = (handle.db as unknown as { $client: PGlite }).$client;
  const blob = await pglite.dumpDataDir('none');
  await handle.close();
  await mkdir(dirname(file), { recursive: true });
  // written aside and renamed, so a parallel test process never reads half a dump
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, new Uint8Array(await blob.arrayBuffer()));
  await rename(partial, file);
  return { blob, file, fromCache: false };
}

/**
 * A fresh PGlite costs seconds to initialise here; loading a dump of an initialised, migrated one costs a
 * fraction of that. The dump is kept in the temp folder, keyed by the migrations it holds.
 */
function migratedPgliteDump(): Promise<PgliteDump> {
  migratedPglite ??= (async () => {
    const file = await dumpFile();
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return { blob: new Blob([new Uint8Array(cached)]), file, fromCache: true };
    return buildDump(file);
  })();
  return migratedPglite;
}

async function createPglite(): Promise<DatabaseHandle> {
  const dump = await migratedPgliteDump();
  try {
    return await openDatabase({ dataDir: 'memory://', loadDataDir: dump.blob });
  } catch (error) {
    if (!dump.fromCache) throw error;
    // a dump cut short by a killed run must not break every later run: rebuild it once
    await rm(dump.file, { force: true });
    migratedPglite = buildDump(dump.file);
    return openDatabase({ dataDir: 'memory://', loadDataDir: (await migratedPglite).blob });
  }
}

async function createPostgres(url: string, timeouts?: PostgresTimeouts): Promise<DatabaseHandle> {
  const name = `sg_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ url: target.toString(), ...(timeouts ? { timeouts } : {}) });
  const dropDatabase = async () => {
    const cleanup = postgres(url, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
  try {
    await migrate(handle.db);
  } catch (error) {
    await handle.close();
    await dropDatabase();
    throw error;
  }
  return {
    ...handle,
    async close() {
      await handle.close();
      await dropDatabase();
    },
  };
}

/** The databases every storage test runs on: PGlite, and the `DATABASE_URL` server when it is set. */
export function eachDatabase(): TestDatabase[] {
  const url = process.env.DATABASE_URL;
  const list: TestDatabase[] = [{ name: 'pglite', create: createPglite }];
  if (url) list.push({ name: 'postgres', create: (options) => createPostgres(url, options?.timeouts) });
  return list;
}
