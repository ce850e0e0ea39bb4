import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFolderInUseError, openDatabase } from '../src/index.ts';

describe('an embedded data folder opens in one process at a time', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-lock-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second opener while the first holds it, and frees it on close', async () => {
    const dataDir = join(dir, 'data');
    const first = await openDatabase({ dataDir });
    expect((await readFile(`${dataDir}.lock`, 'utf8')).trim()).toBe(String(process.pid));
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataFolderInUseError);
    await first.close();
    const second = await openDatabase({ dataDir });
    await second.close();
  }, 60_000);

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = join(dir, 'stale');
    // pid 2^22 + 1 is above Linux's pid_max limit, so no live process has it
    await writeFile(`${dataDir}.lock`, '4194305\n');
    const handle = await openDatabase({ dataDir });
    expect((await readFile(`${dataDir}.lock`, 'utf8')).trim()).toBe(String(process.pid));
    await handle.close();
  }, 60_000);
});
