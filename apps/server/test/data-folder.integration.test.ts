/**
 * `schemagate serve --data DIR` as a user runs it: the folder, its key and its database belong to that folder
 * alone, a folder laid out the old way keeps working, and a server on Postgres never takes an embedded one's key.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminKeyFileError } from '../src/admin-key-file.ts';
import { type RunningServer, startServer } from '../src/serve.ts';
import { orderPlacedV1 } from './fixtures.ts';

const env = (dataDir: string, extra: Record<string, string> = {}) => ({
  PORT: '0',
  DATABASE_URL: '',
  SCHEMAGATE_DATA: dataDir,
  SCHEMAGATE_SEED: 'false',
  SCHEMAGATE_LOG: 'silent',
  ...extra,
});

const get = async (server: RunningServer, path: string, key: string) =>
  (await fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } })).status;

/** Paths under `dir` that group or others may read, write or enter. */
const notPrivate = (dir: string) =>
  execFileSync('find', [dir, '-perm', '/077', '!', '-type', 'l'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

describe('the data folder of a server', () => {
  let parent: string;
  const a = () => join(parent, 'a');
  const b = () => join(parent, 'b');
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'sg-serve-folder-'));
    // two sibling data folders, started side by side
    const [serverA, serverB] = await Promise.all([
      startServer({ env: env(a()) }),
      startServer({ env: env(b()) }),
    ]);
    try {
      keys.a = serverA.createdAdminKey!;
      keys.b = serverB.createdAdminKey!;
      const registered = await fetch(`${serverA.url}/v1/registries/shop/schemas/orders/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.a}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schema: orderPlacedV1 }),
      });
      expect(registered.status).toBe(201);
      expect(await get(serverB, '/v1/registries', keys.a)).toBe(401);
      expect(await get(serverA, '/v1/registries', keys.b)).toBe(401);
    } finally {
      await Promise.all([serverA.close(), serverB.close()]);
    }
  }, 120_000);
  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('keeps a key per folder, inside it, beside the database in pglite/', async () => {
    expect(keys.a).toMatch(/^sg_/);
    expect(keys.b).not.toBe(keys.a);
    expect((await readFile(join(a(), 'admin.key'), 'utf8')).trim()).toBe(keys.a);
    expect((await readFile(join(b(), 'admin.key'), 'utf8')).trim()).toBe(keys.b);
    expect((await readdir(parent)).sort()).toEqual(['a', 'b']);
    expect((await readdir(a())).sort()).toEqual(['admin.key', 'pglite']);
  });

  it('lets nobody else into the folder: 0700, the key 0600, nothing open to group or others', async () => {
    expect((await stat(a())).mode & 0o777).toBe(0o700);
    expect((await stat(join(a(), 'admin.key'))).mode & 0o777).toBe(0o600);
    expect(notPrivate(a())).toEqual([]);
    expect(notPrivate(b())).toEqual([]);
  });

  it('refuses to start on a key file that is a link, before it opens the database', async () => {
    const folder = join(parent, 'linked');
    await mkdir(folder, { mode: 0o700 });
    const target = join(parent, 'target');
    await symlink(target, join(folder, 'admin.key'));
    await expect(startServer({ env: env(folder) })).rejects.toThrow(AdminKeyFileError);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(folder)).toEqual(['admin.key']);
    await rm(folder, { recursive: true });
  });

  it('starts on a folder laid out the old way, where it is, with its key and data', async () => {
    // before: PGlite's files directly in the data folder, and the key beside it
    const old = join(parent, 'old');
    await mkdir(old);
    await rename(join(a(), 'pglite'), join(old, 'data'));
    await rename(join(a(), 'admin.key'), join(old, 'admin.key'));
    const server = await startServer({ env: env(join(old, 'data')) });
    try {
      expect(server.createdAdminKey).toBeUndefined();
      expect(server.adminKeyFile).toBe(join(old, 'admin.key'));
      const read = await fetch(`${server.url}/v1/registries/shop/schemas/orders/versions/1`, {
        headers: { authorization: `Bearer ${keys.a}` },
      });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ registry: 'shop', name: 'orders', version: 1 });
    } finally {
      await server.close();
    }
    expect((await readdir(old)).sort()).toEqual(['admin.key', 'data']);
    expect((await readdir(join(old, 'data'))).includes('pglite')).toBe(false);
    expect((await readFile(join(old, 'admin.key'), 'utf8')).trim()).toBe(keys.a);
  }, 60_000);

  const url = process.env.DATABASE_URL;
  it.runIf(url)(
    'on Postgres in an embedded server’s folder, shows its own first key and leaves the file alone',
    async () => {
      const database = `sg_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(url!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${database}`);
      const target = new URL(url!);
      target.pathname = `/${database}`;
      try {
        const lines: string[] = [];
        const server = await startServer({
          env: env(b(), { DATABASE_URL: target.toString(), SCHEMAGATE_LOG: 'info' }),
          log: { info: (line) => lines.push(line), error: (line) => lines.push(line) },
        });
        try {
          expect(server.createdAdminKey).toMatch(/^sg_/);
          expect(server.adminKeySaved).toBe(false);
          expect(await get(server, '/v1/registries', server.createdAdminKey!)).toBe(200);
          expect(lines.join('\n')).toContain(server.createdAdminKey!);
        } finally {
          await server.close();
        }
        expect((await readFile(join(b(), 'admin.key'), 'utf8')).trim()).toBe(keys.b);
      } finally {
        await admin.unsafe(`drop database if exists ${database} with (force)`);
        await admin.end();
      }
    },
    60_000,
  );
});
