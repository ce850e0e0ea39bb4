/**
 * Revoking a key over HTTP on one replica stops it on every replica at once: the replica that revoked it drops it
 * from its cache before answering, the others when the NOTIFY arrives, well before their key cache would have
 * looked again (an hour here).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SchemagateApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/serve.ts';
import { storageFromHandle } from '../src/storage.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

const HOUR_MS = 3_600_000;

describe.each(eachDatabase())('two app instances on one database ($name)', (database) => {
  let handle: DatabaseHandle;
  const apps: SchemagateApp[] = [];
  const unfollow: (() => Promise<void>)[] = [];
  let adminKey: string;

  beforeAll(async () => {
    handle = await database.create();
    const config = parseConfig({ SCHEMAGATE_LOG: 'silent', SCHEMAGATE_SEED: 'false' });
    for (let i = 0; i < 2; i++) {
      // each replica has its own key cache, as two processes would
      const storage = storageFromHandle(handle, { keyCache: { freshMs: HOUR_MS, staleMs: HOUR_MS } });
      unfollow.push(await storage.followKeyRevocations());
      apps.push(
        createApp({ store: storage.store, keys: storage.lookupKey, keyAdmin: storage.keyAdmin, config }),
      );
      if (i === 0) adminKey = await storage.createKey('admin', 'replica test');
    }
  });
  afterAll(async () => {
    for (const stop of unfollow) await stop();
    await Promise.all(apps.map((a) => a.pool.close()));
    await handle.close();
  });

  const call = (app: SchemagateApp, key: string, method: string, path: string, json?: unknown) =>
    app.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  it('refuses the key on the revoking replica at once and on the other as soon as the NOTIFY arrives', async () => {
    const [a, b] = apps as [SchemagateApp, SchemagateApp];
    const created = (await (await call(a, adminKey, 'POST', '/v1/keys', { scope: 'read' })).json()) as {
      id: string;
      key: string;
    };
    const read = async (app: SchemagateApp) => (await call(app, created.key, 'GET', '/v1/registries')).status;
    // both caches hold the key now, for an hour
    expect([await read(a), await read(b)]).toEqual([200, 200]);
    expect((await call(b, adminKey, 'DELETE', `/v1/keys/${created.id}`)).status).toBe(204);
    expect(await read(b)).toBe(401);
    await expect.poll(() => read(a), { timeout: 3000, interval: 20 }).toBe(401);
  });
});

const url = process.env.DATABASE_URL;

describe.runIf(url)('two servers on one Postgres', () => {
  let database: ScratchDatabase;
  const servers: RunningServer[] = [];
  let dir: string;
  let adminKey: string;

  beforeAll(async () => {
    database = await createScratchDatabase(url!, 'sg_test');
    dir = await mkdtemp(join(tmpdir(), 'schemagate-revoke-'));
    const env = {
      PORT: '0',
      DATABASE_URL: database.url,
      SCHEMAGATE_DATA: join(dir, 'data'),
      SCHEMAGATE_SEED: 'false',
      SCHEMAGATE_LOG: 'silent',
      SCHEMAGATE_KEY_CACHE_SECONDS: '3600',
    };
    servers.push(...(await Promise.all([startServer({ env }), startServer({ env })])));
    adminKey = (await readFile(servers[0]!.adminKeyFile, 'utf8')).trim();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const call = (server: RunningServer, key: string, method: string, path: string, json?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  it('stops a key revoked through DELETE /v1/keys/{id} on both, long before the key cache would', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const created = (await (await call(a, adminKey, 'POST', '/v1/keys', { scope: 'validate' })).json()) as {
      id: string;
      key: string;
    };
    const quotas = async (server: RunningServer) =>
      (await call(server, created.key, 'GET', '/v1/quotas')).status;
    expect([await quotas(a), await quotas(b)]).toEqual([200, 200]);
    expect((await call(a, adminKey, 'DELETE', `/v1/keys/${created.id}`)).status).toBe(204);
    expect(await quotas(a)).toBe(401);
    await expect.poll(() => quotas(b), { timeout: 3000, interval: 20 }).toBe(401);
  });
});
