import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, MIGRATIONS_FOLDER, migrate } from '../src/index.ts';
import { rowsOf } from '../src/migrate.ts';
import { eachDatabase } from '../src/testing.ts';

/** A copy of the committed migrations to edit, as a folder URL. */
async function copyOfMigrations(): Promise<{ dir: string; url: URL }> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-migrations-'));
  await cp(MIGRATIONS_FOLDER, dir, { recursive: true });
  return { dir, url: pathToFileURL(`${dir}/`) };
}

async function addMigration(dir: string, tag: string, statements: string[]) {
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8'));
  journal.entries.push({
    idx: journal.entries.length,
    version: '7',
    when: Date.now(),
    tag,
    breakpoints: true,
  });
  await writeFile(journalFile, JSON.stringify(journal));
  await writeFile(join(dir, `${tag}.sql`), statements.join('\n--> statement-breakpoint\n'));
}

describe.each(eachDatabase())('migrate ($name)', (database) => {
  let handle: DatabaseHandle;
  let folder: { dir: string; url: URL };
  beforeAll(async () => {
    handle = await database.create();
  });
  afterAll(() => handle?.close());
  afterEach(() => rm(folder.dir, { recursive: true, force: true }));

  const tableExists = async (name: string) =>
    rowsOf(await handle.db.execute(sql`select 1 from pg_tables where tablename = ${name}`)).length > 0;

  it('applies nothing twice, and a new migration once', async () => {
    folder = await copyOfMigrations();
    expect(await migrate(handle.db, folder.url)).toEqual({ applied: [] });
    await addMigration(folder.dir, '9000_extra', ['create table sg_extra (id int primary key)']);
    expect(await migrate(handle.db, folder.url)).toEqual({ applied: ['9000_extra'] });
    expect(await tableExists('sg_extra')).toBe(true);
    expect(await migrate(handle.db, folder.url)).toEqual({ applied: [] });
  });

  it('rolls a failing migration back whole', async () => {
    folder = await copyOfMigrations();
    await addMigration(folder.dir, '9001_broken', [
      'create table sg_half (id int primary key)',
      'alter table no_such_table add column x int',
    ]);
    await expect(migrate(handle.db, folder.url)).rejects.toThrow();
    expect(await tableExists('sg_half')).toBe(false);
    const recorded = rowsOf<{ tag: string }>(
      await handle.db.execute(sql`select tag from schemagate_migrations`),
    );
    expect(recorded.map((r) => r.tag)).not.toContain('9001_broken');
  });

  it('refuses to run when an applied migration was edited', async () => {
    folder = await copyOfMigrations();
    const first = join(folder.dir, '0000_init.sql');
    await writeFile(first, `${await readFile(first, 'utf8')}\n-- edited`);
    await expect(migrate(handle.db, folder.url)).rejects.toThrow(/0000_init changed after it was applied/);
  });
});

// PGlite does not enforce statement_timeout at all (its migrations above run with the same `set local`)
const postgresOnly = eachDatabase().filter((database) => database.name === 'postgres');

describe.runIf(postgresOnly.length > 0).each(postgresOnly)(
  'migrate under a short statement_timeout ($name)',
  (database) => {
    let handle: DatabaseHandle;
    let folder: { dir: string; url: URL };
    beforeAll(async () => {
      // every connection of the pool gets this bound
      handle = await database.create({ timeouts: { statementMs: 100 } });
    });
    afterAll(() => handle?.close());
    afterEach(() => rm(folder.dir, { recursive: true, force: true }));

    it('applies a migration slower than the bound, which still holds for other statements after it', async () => {
      folder = await copyOfMigrations();
      await addMigration(folder.dir, '9002_slow', [
        'create table sg_slow (id int primary key)',
        // stands for rewriting a large table
        'select pg_sleep(0.3)',
      ]);
      expect(await migrate(handle.db, folder.url)).toEqual({ applied: ['9002_slow'] });
      expect(
        rowsOf(await handle.db.execute(sql`select 1 from pg_tables where tablename = 'sg_slow'`)),
      ).toHaveLength(1);
      // 57014: canceled by statement_timeout
      await expect(handle.db.execute(sql`select pg_sleep(0.3)`)).rejects.toMatchObject({
        cause: { code: '57014' },
      });
    });
  },
);
