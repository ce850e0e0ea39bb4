import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { adminKeyPath } from '@schemagate/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminKeyFileOf, dataFolderOf, resolveConnection } from './connection.ts';

describe('resolveConnection', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sg-conn-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it("looks for the key in the data folder's admin key file, as the server writes it", async () => {
    expect(dataFolderOf({}, {}, cwd)).toBe(join(cwd, '.schemagate', 'data'));
    expect(dataFolderOf({}, { SCHEMAGATE_DATA: 'state/pg' }, cwd)).toBe(join(cwd, 'state', 'pg'));
    expect(dataFolderOf({ data: '/srv/sg' }, { SCHEMAGATE_DATA: 'state/pg' }, cwd)).toBe('/srv/sg');
    // the server's own rule, so the two cannot drift apart
    const data = join(cwd, 'x', 'data');
    expect(await adminKeyFileOf(data)).toBe(adminKeyPath(data));
    const none = await resolveConnection({ data }, {}, cwd);
    expect(none).toMatchObject({ key: undefined, keySource: 'none', keyFile: adminKeyPath(data) });
  });

  it('prefers the flag, then the environment, then the key file of --data, then that of SCHEMAGATE_DATA', async () => {
    const keyFile = adminKeyPath(join(cwd, '.schemagate', 'data'));
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, 'sg_from_file\n');
    const other = join(cwd, 'other');
    await mkdir(dirname(adminKeyPath(other)), { recursive: true });
    await writeFile(adminKeyPath(other), 'sg_from_other\n');
    const env = { SCHEMAGATE_URL: 'http://env:1', SCHEMAGATE_KEY: 'sg_from_env' };
    expect(await resolveConnection({ url: 'http://flag:1', key: 'sg_flag' }, env, cwd)).toMatchObject({
      url: 'http://flag:1',
      key: 'sg_flag',
      keySource: 'flag',
    });
    expect(await resolveConnection({}, env, cwd)).toMatchObject({
      url: 'http://env:1',
      key: 'sg_from_env',
      keySource: 'env',
    });
    expect(await resolveConnection({}, {}, cwd)).toMatchObject({
      url: 'http://127.0.0.1:8080',
      key: 'sg_from_file',
      keySource: 'file',
      keyFile,
    });
    expect(await resolveConnection({ data: other }, { SCHEMAGATE_DATA: 'nowhere' }, cwd)).toMatchObject({
      key: 'sg_from_other',
      keySource: 'file',
    });
    expect(await resolveConnection({}, { SCHEMAGATE_DATA: other }, cwd)).toMatchObject({
      key: 'sg_from_other',
    });
    // a key given outright wins over the file; the file is then not even looked for
    expect(await resolveConnection({ key: 'sg_flag', data: other }, {}, cwd)).toEqual({
      url: 'http://127.0.0.1:8080',
      key: 'sg_flag',
      keySource: 'flag',
    });
  });

  it('reads the key beside a data folder laid out before the key moved into it', async () => {
    const data = join(cwd, 'old', 'data');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'PG_VERSION'), '16\n');
    await writeFile(join(cwd, 'old', 'admin.key'), 'sg_from_old_layout\n');
    expect(await resolveConnection({ data }, {}, cwd)).toMatchObject({
      key: 'sg_from_old_layout',
      keySource: 'file',
      keyFile: join(cwd, 'old', 'admin.key'),
    });
  });

  it('goes without a key when there is none anywhere', async () => {
    expect(await resolveConnection({}, {}, cwd)).toMatchObject({ key: undefined, keySource: 'none' });
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(resolveConnection({ url: 'ftp://x' }, {}, cwd)).rejects.toThrow(/http/);
  });
});
