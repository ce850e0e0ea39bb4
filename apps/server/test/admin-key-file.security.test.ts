/**
 * The admin key file: created once, exclusively, 0600, never through a link or into a file someone else made,
 * never overwritten.
 */
import { chown, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminKeyFileError,
  adminKeyPath,
  checkAdminKeyFile,
  createAdminKeyFile,
  provideFirstAdminKey,
} from '../src/admin-key-file.ts';
import type { Logger } from '../src/app.ts';

const isRoot = process.getuid?.() === 0;

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), error: (message) => lines.push(message) };
}

describe('the admin key file', () => {
  let root: string;
  let n = 0;
  /** A fresh data folder (0700, as the server makes it) and its key file. */
  const folder = async () => {
    const dataDir = join(root, `data-${++n}`);
    await mkdir(dataDir, { mode: 0o700 });
    return { dataDir, file: join(dataDir, 'admin.key') };
  };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sg-key-file-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is the data folder’s own: sibling folders have a key file each', () => {
    expect(adminKeyPath(join(root, 'a'))).toBe(join(root, 'a', 'admin.key'));
    expect(adminKeyPath(join(root, 'b'))).toBe(join(root, 'b', 'admin.key'));
  });

  it('is created 0600 with the key, and a second key never replaces the first', async () => {
    const { file } = await folder();
    expect(await createAdminKeyFile(file, 'sg_first')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('sg_first\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await createAdminKeyFile(file, 'sg_second')).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('sg_first\n');
  });

  it('is never written through a symbolic link, and the target is left as it was', async () => {
    const { file } = await folder();
    const target = join(root, `elsewhere-${n}`);
    await writeFile(target, 'precious\n', { mode: 0o644 });
    await symlink(target, file);
    await expect(createAdminKeyFile(file, 'sg_key')).rejects.toThrow(AdminKeyFileError);
    await expect(createAdminKeyFile(file, 'sg_key')).rejects.toThrow('is a symbolic link');
    expect(await readFile(target, 'utf8')).toBe('precious\n');
    expect((await stat(target)).mode & 0o777).toBe(0o644);
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
  });

  it('does not follow a dangling link to create its target', async () => {
    const { file } = await folder();
    const target = join(root, `not-there-${n}`);
    await symlink(target, file);
    await expect(createAdminKeyFile(file, 'sg_key')).rejects.toThrow('is a symbolic link');
    await expect(lstat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a file that group or others may read, and leaves it alone', async () => {
    const { file } = await folder();
    await writeFile(file, 'sg_planted\n', { mode: 0o644 });
    await expect(checkAdminKeyFile(file)).rejects.toThrow('can be read or written by others (mode 0644');
    await expect(createAdminKeyFile(file, 'sg_key')).rejects.toThrow(AdminKeyFileError);
    expect(await readFile(file, 'utf8')).toBe('sg_planted\n');
  });

  it('refuses a folder in its place', async () => {
    const { file } = await folder();
    await mkdir(file);
    await expect(checkAdminKeyFile(file)).rejects.toThrow('is not a regular file');
  });

  it.runIf(isRoot)('refuses a file that another user made, even a private one', async () => {
    const { file } = await folder();
    await writeFile(file, 'sg_theirs\n', { mode: 0o600 });
    await chown(file, 65534, 65534);
    await expect(createAdminKeyFile(file, 'sg_key')).rejects.toThrow('belongs to user 65534');
    expect(await readFile(file, 'utf8')).toBe('sg_theirs\n');
  });

  describe('on the first start of a store', () => {
    it('saves the key the store made into a data folder it creates 0700 (a server on Postgres)', async () => {
      const dataDir = join(root, 'made-for-postgres', 'data');
      const log = recordingLog();
      const first = await provideFirstAdminKey(dataDir, async () => 'sg_made', log);
      expect(first).toEqual({ file: join(dataDir, 'admin.key'), created: 'sg_made', saved: true });
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect(await readFile(first.file, 'utf8')).toBe('sg_made\n');
      expect(log.lines.join('\n')).toContain('also saved to');
    });

    it('leaves a key file from an earlier start alone, and shows the new key once instead', async () => {
      const { dataDir, file } = await folder();
      await writeFile(file, 'sg_embedded\n', { mode: 0o600 });
      const log = recordingLog();
      const first = await provideFirstAdminKey(dataDir, async () => 'sg_postgres', log);
      expect(first).toEqual({ file, created: 'sg_postgres', saved: false });
      expect(await readFile(file, 'utf8')).toBe('sg_embedded\n');
      expect(log.lines.join('\n')).toMatch(/NOT saved: .*never overwritten[\s\S]*sg_postgres/);
    });

    it('touches nothing when the store has keys already', async () => {
      const { dataDir, file } = await folder();
      await writeFile(file, 'sg_kept\n', { mode: 0o600 });
      const log = recordingLog();
      expect(await provideFirstAdminKey(dataDir, async () => undefined, log)).toEqual({ file, saved: false });
      expect(await readFile(file, 'utf8')).toBe('sg_kept\n');
      expect(log.lines).toEqual([]);
    });

    it('refuses an unsafe key file before the store makes a key', async () => {
      const { dataDir, file } = await folder();
      await symlink(join(root, 'anywhere'), file);
      let asked = 0;
      const making = provideFirstAdminKey(dataDir, async () => `sg_${++asked}`, recordingLog());
      await expect(making).rejects.toThrow(AdminKeyFileError);
      expect(asked).toBe(0);
    });
  });
});
