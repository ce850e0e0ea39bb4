import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lockDataFolder, parseHolder, processStartTime } from '../src/data-folder-lock.ts';
import { DataFolderInUseError, openDatabase } from '../src/index.ts';

const onLinux = process.platform === 'linux';

describe('an embedded data folder opens in one process at a time', () => {
  let dir: string;
  let sleeper: ChildProcess;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-lock-'));
    // a live process that is not us and holds nothing: the "other holder" of the tests below
    sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
    await new Promise((resolve) => sleeper.once('spawn', resolve));
  });
  afterAll(async () => {
    sleeper.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second opener while the first holds it, and frees it on close', async () => {
    const dataDir = join(dir, 'data');
    const first = await openDatabase({ dataDir });
    const lock = join(dataDir, 'pglite.lock');
    const holder = parseHolder(await readFile(lock, 'utf8'));
    expect(holder?.pid).toBe(process.pid);
    if (onLinux) expect(holder?.startTime).toBe(await processStartTime('self'));
    expect((await stat(lock)).mode & 0o777).toBe(0o600);
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataFolderInUseError);
    await first.close();
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
    const second = await openDatabase({ dataDir });
    await second.close();
  }, 60_000);

  it('is refused to a second copy of this module in the same process while the first holds it', async () => {
    const folder = join(dir, 'two-copies');
    const unlock = await lockDataFolder(folder);
    vi.resetModules();
    const copy = await import('../src/data-folder-lock.ts');
    expect(copy.lockDataFolder).not.toBe(lockDataFolder);
    await expect(copy.lockDataFolder(folder)).rejects.toBeInstanceOf(copy.DataFolderInUseError);
    await unlock();
    const unlockCopy = await copy.lockDataFolder(folder);
    await unlockCopy();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const folder = join(dir, 'gone');
    // pid 2^22 + 1 is above Linux's pid_max limit, so no live process has it
    await writeFile(`${folder}.lock`, '4194305 12345\n');
    const unlock = await lockDataFolder(folder);
    expect(parseHolder(await readFile(`${folder}.lock`, 'utf8'))?.pid).toBe(process.pid);
    await unlock();
  });

  it.runIf(onLinux)(
    'takes over a lock that names a live PID with another start time (PID 1, or ours after a container restart)',
    async () => {
      const boot = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
      for (const pid of [1, process.pid, sleeper.pid!]) {
        const folder = join(dir, `reused-${pid}`);
        const real = (await processStartTime(pid))!;
        await writeFile(`${folder}.lock`, `${pid} ${BigInt(real) + 1n} ${boot}\n`);
        const unlock = await lockDataFolder(folder);
        expect(parseHolder(await readFile(`${folder}.lock`, 'utf8'))?.pid).toBe(process.pid);
        await unlock();
      }
    },
  );

  it.runIf(onLinux)('takes over a lock from another boot, whatever its PID and start time', async () => {
    const folder = join(dir, 'rebooted');
    await writeFile(
      `${folder}.lock`,
      `${sleeper.pid} ${await processStartTime(sleeper.pid!)} 00000000-0000-0000-0000-000000000000\n`,
    );
    const unlock = await lockDataFolder(folder);
    expect(parseHolder(await readFile(`${folder}.lock`, 'utf8'))?.pid).toBe(process.pid);
    await unlock();
  });

  it.runIf(onLinux)('is still refused while the live process that took the lock holds it', async () => {
    const folder = join(dir, 'held');
    const boot = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    const lock = `${sleeper.pid} ${await processStartTime(sleeper.pid!)} ${boot}\n`;
    await writeFile(`${folder}.lock`, lock);
    await expect(lockDataFolder(folder)).rejects.toThrow(`in use by process ${sleeper.pid}`);
    expect(await readFile(`${folder}.lock`, 'utf8')).toBe(lock);
  });

  it.runIf(onLinux)(
    'judges a lock of an older version (a PID alone) by whether the process started before it',
    async () => {
      const before = join(dir, 'old-held');
      await writeFile(`${before}.lock`, `${sleeper.pid}\n`);
      await expect(lockDataFolder(before)).rejects.toBeInstanceOf(DataFolderInUseError);

      // written an hour before the process with that PID started: another process wrote it
      const after = join(dir, 'old-stale');
      await writeFile(`${after}.lock`, `${sleeper.pid}\n`);
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(`${after}.lock`, anHourAgo, anHourAgo);
      const unlock = await lockDataFolder(after);
      await unlock();

      // our own PID in a lock we did not take is a former us, whatever it recorded
      const ours = join(dir, 'old-ours');
      await writeFile(`${ours}.lock`, `${process.pid}\n`);
      const unlockOurs = await lockDataFolder(ours);
      await unlockOurs();
    },
  );
});
