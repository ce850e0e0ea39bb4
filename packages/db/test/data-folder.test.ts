import { execFileSync } from 'node:child_process';
import { chown, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryStore, DataFolderError, dataFolderLayout, openDatabase } from '../src/index.ts';
import { eachDatabase } from '../src/testing.ts';
import { newVersion } from './new-version.ts';

/** Paths under `dir` that group or others may read, write or enter. */
function notPrivate(dir: string): string[] {
  const out = execFileSync('find', [dir, '-perm', '/077', '!', '-type', 'l'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('the data folder is schemagate’s own', () => {
  let root: string;
  let dump: Blob;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sg-folder-'));
    // a migrated database to start folders from, cheaper than initialising PGlite in each
    const seed = await eachDatabase()[0]!.create();
    dump = await (seed.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    await seed.close();
  }, 60_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps PGlite in a pglite/ subfolder, with nothing in the folder open to group or others', async () => {
    const dataDir = join(root, 'fresh', 'data');
    expect(dataFolderLayout(dataDir)).toEqual({
      root: dataDir,
      layout: 'current',
      pgliteDir: join(dataDir, 'pglite'),
      adminKeyFile: join(dataDir, 'admin.key'),
    });
    const handle = await openDatabase({ dataDir, loadDataDir: dump });
    await createRegistryStore(handle.db).registerVersion(newVersion('disk', 'kept', 1));
    // while it runs: PGlite makes the files of initdb and of its start 0666, which are narrowed once it is open
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(notPrivate(dataDir)).toEqual([]);
    await handle.close();
    expect(await readdir(dataDir)).toEqual(['pglite']);
    expect((await stat(join(dataDir, 'pglite', 'PG_VERSION'))).isFile()).toBe(true);
    expect(notPrivate(dataDir)).toEqual([]);
  }, 60_000);

  it('narrows a folder of ours that others could enter to 0700', async () => {
    const dataDir = join(root, 'wide');
    await mkdir(dataDir, { mode: 0o755 });
    const handle = await openDatabase({ dataDir, loadDataDir: dump });
    await handle.close();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  }, 60_000);

  it.runIf(process.getuid?.() === 0)('refuses a data folder that belongs to another user', async () => {
    const dataDir = join(root, 'theirs');
    await mkdir(dataDir, { mode: 0o777 });
    await chown(dataDir, 65534, 65534);
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataFolderError);
    await expect(openDatabase({ dataDir })).rejects.toThrow('belongs to user 65534');
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('opens a folder laid out the old way where it is, and keeps its data', async () => {
    const dataDir = join(root, 'old', 'data');
    // before: PGlite's files directly in the data folder, the key beside it
    await mkdir(join(root, 'old'));
    const old = await PGlite.create({ dataDir, loadDataDir: dump });
    await old.close();
    await writeFile(join(root, 'old', 'admin.key'), 'sg_old_key\n', { mode: 0o600 });
    expect(dataFolderLayout(dataDir)).toEqual({
      root: dataDir,
      layout: 'legacy',
      pgliteDir: dataDir,
      adminKeyFile: join(root, 'old', 'admin.key'),
    });

    const first = await openDatabase({ dataDir });
    await createRegistryStore(first.db).registerVersion(newVersion('disk', 'old', 1));
    await first.close();
    const second = await openDatabase({ dataDir });
    const kept = await createRegistryStore(second.db).getVersion('disk', 'old', 1);
    await second.close();
    expect(kept).toMatchObject({ registry: 'disk', name: 'old', version: 1 });
    // nothing was moved or added: no pglite/ subfolder, and the lock stays where older versions look for it
    expect((await readdir(dataDir)).includes('pglite')).toBe(false);
    expect(await readdir(join(root, 'old'))).toEqual(['admin.key', 'data']);
  }, 60_000);

  it('keeps the key of an old folder that never had one inside the folder, not in its parent', async () => {
    const dataDir = join(root, 'old-keyless', 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'PG_VERSION'), '17\n');
    expect(dataFolderLayout(dataDir).adminKeyFile).toBe(join(dataDir, 'admin.key'));
  });
});
