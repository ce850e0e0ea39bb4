import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminKeyPath } from '@schemagate/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminKeyFile, resolveConnection } from './connection.ts';

describe('resolveConnection', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sg-conn-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('puts the admin key beside the data folder, as the server writes it', () => {
    expect(adminKeyFile({}, cwd)).toBe(join(cwd, '.schemagate', 'admin.key'));
    expect(adminKeyFile({ SCHEMAGATE_DATA: 'state/pg' }, cwd)).toBe(join(cwd, 'state', 'admin.key'));
    expect(adminKeyFile({ SCHEMAGATE_DATA: '/srv/sg/data' }, cwd)).toBe('/srv/sg/admin.key');
    // the server's own rule, so the two cannot drift apart
    expect(adminKeyFile({ SCHEMAGATE_DATA: join(cwd, 'x/data') }, cwd)).toBe(
      adminKeyPath(join(cwd, 'x/data')),
    );
  });

  it('prefers the flag, then the environment, then the key file', async () => {
    await mkdir(join(cwd, '.schemagate'));
    await writeFile(join(cwd, '.schemagate', 'admin.key'), 'sg_from_file\n');
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
    });
  });

  it('goes without a key when there is none anywhere', async () => {
    expect(await resolveConnection({}, {}, cwd)).toMatchObject({ key: undefined, keySource: 'none' });
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(resolveConnection({ url: 'ftp://x' }, {}, cwd)).rejects.toThrow(/http/);
  });
});
