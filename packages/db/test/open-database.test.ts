import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistryStore, openDatabase } from '../src/index.ts';
import { eachDatabase } from '../src/testing.ts';
import { newVersion } from './new-version.ts';

describe('openDatabase on PGlite', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('creates a missing data folder and keeps what was stored across a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sg-data-'));
    folders.push(root);
    const dataDir = join(root, 'nested', 'data');
    // start from a migrated database, as the first start after `migrate` would leave it
    const seed = await eachDatabase()[0]!.create();
    const dump = await (seed.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    await seed.close();

    const first = await openDatabase({ dataDir, loadDataDir: dump });
    expect(first.kind).toBe('pglite');
    await createRegistryStore(first.db).registerVersion(newVersion('disk', 'kept', 1));
    await first.close();
    expect((await stat(dataDir)).isDirectory()).toBe(true);

    const second = await openDatabase({ dataDir });
    const kept = await createRegistryStore(second.db).getVersion('disk', 'kept', 1);
    await second.close();
    expect(kept).toMatchObject({ registry: 'disk', name: 'kept', version: 1, fingerprint: 'fp-1' });
  });
});
