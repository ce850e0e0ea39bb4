/**
 * Two servers on one Postgres, as two replicas behind a load balancer: a write on one drops what the other
 * cached, through LISTEN/NOTIFY.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyStore, keyPrefix, openDatabase } from '@schemagate/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/serve.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

const url = process.env.DATABASE_URL;

describe.runIf(url)('replicas on one Postgres', () => {
  let database: ScratchDatabase;
  const servers: RunningServer[] = [];
  const databaseUrl = () => database.url;
  let dir: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await createScratchDatabase(url!, 'sg_test');
    dir = await mkdtemp(join(tmpdir(), 'schemagate-replicas-'));
    const env = {
      PORT: '0',
      DATABASE_URL: databaseUrl(),
      SCHEMAGATE_DATA: join(dir, 'data'),
      SCHEMAGATE_SEED: 'false',
      SCHEMAGATE_LOG: 'silent',
    };
    // started together: migrations and the first admin key happen once
    servers.push(...(await Promise.all([startServer({ env }), startServer({ env })])));
    const key = (await readFile(servers[0]!.adminKeyFile, 'utf8')).trim();
    headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const call = async (server: RunningServer, method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('created one admin key for both', () => {
    expect(servers.filter((s) => s.createdAdminKey).length).toBe(1);
  });

  it('stops taking a revoked key on every replica at once', async () => {
    const handle = await openDatabase({ url: databaseUrl() });
    try {
      const keys = createKeyStore(handle.db);
      const key = await keys.create('read', 'soon revoked');
      const read = (server: RunningServer) =>
        fetch(`${server.url}/v1/registries`, { headers: { authorization: `Bearer ${key}` } }).then(
          (r) => r.status,
        );
      // both replicas now hold the key in their caches
      expect([await read(servers[0]!), await read(servers[1]!)]).toEqual([200, 200]);
      expect(await keys.revoke(keyPrefix(key))).toBe(true);
      for (const server of servers) await expect.poll(() => read(server), { timeout: 3000 }).toBe(401);
    } finally {
      await handle.close();
    }
  });

  it('sees on one replica what was registered and changed on the other', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const path = '/v1/registries/r/schemas/thing/versions';
    expect((await call(a, 'POST', path, { schema: { type: 'integer', maximum: 10 } })).status).toBe(201);
    const validate = (server: RunningServer) =>
      call(server, 'POST', '/v1/validate', { registry: 'r', schema: 'thing', event: 50 });
    // b caches version 1 and its validator
    expect((await validate(b)).body).toMatchObject({ valid: false, version: 1 });
    expect((await call(a, 'POST', path, { schema: { type: 'integer' } })).status).toBe(201);
    await expect
      .poll(async () => (await validate(b)).body, { timeout: 5000 })
      .toMatchObject({ valid: true, version: 2 });
    await call(a, 'PATCH', `${path}/2`, { state: 'disabled' });
    await expect
      .poll(async () => (await validate(b)).body, { timeout: 5000 })
      .toMatchObject({ valid: false, version: 1 });
    expect((await call(b, 'GET', `${path}/latest`)).body).toMatchObject({ version: 2, state: 'disabled' });
  });
});
