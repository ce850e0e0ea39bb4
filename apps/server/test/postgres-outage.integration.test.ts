/**
 * A Postgres outage under load, on a cluster of the test's own: two replicas serve, the cluster is stopped for
 * 10 s and started again. While it is down, writes and uncached reads are answered 503 `storage_unavailable`
 * with Retry-After within 2 s, cached validation keeps answering (past the key cache's freshness too), and
 * `/readyz` says why; once it is back, writes work, `/readyz` is 200, and changes and revocations reach both
 * replicas again, without a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyStore, type DatabaseHandle, keyPrefix, openDatabase } from '@schemagate/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/serve.ts';
import { type PrivateCluster, privateClusterUnavailable, startPrivateCluster } from './private-postgres.ts';

const unavailable = privateClusterUnavailable();
if (unavailable) console.warn(`skipping the Postgres outage test: ${unavailable}`);

const OUTAGE_MS = 10_000;
/** What "within about 2 s" means for every answer during the outage. */
const ANSWER_WITHIN_MS = 2000;

interface Answer {
  status: number;
  ms: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
}

describe.skipIf(unavailable)('a Postgres outage', () => {
  let cluster: PrivateCluster;
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;
  let admin: string;
  let validateKey: string;
  let keysDb: DatabaseHandle;
  const logs = { a: [] as string[], b: [] as string[] };

  const versions = '/v1/registries/r/schemas/thing/versions';

  const call = async (
    server: RunningServer,
    method: string,
    path: string,
    body?: unknown,
    key = admin,
  ): Promise<Answer> => {
    const started = performance.now();
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      ms: performance.now() - started,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      retryAfter: res.headers.get('retry-after'),
    };
  };
  const validate = (server: RunningServer, event: unknown) =>
    call(server, 'POST', '/v1/validate', { registry: 'r', schema: 'thing', event }, validateKey);

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    dir = await mkdtemp(join(tmpdir(), 'schemagate-outage-'));
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: cluster.url,
      SCHEMAGATE_DATA: join(dir, 'data'),
      SCHEMAGATE_SEED: 'false',
      SCHEMAGATE_LOG: 'silent',
      // short, so that the outage outlasts the key cache's freshness and the stale answers are what is used
      SCHEMAGATE_KEY_CACHE_SECONDS: '4',
      SCHEMAGATE_DB_DEADLINE_MS: '1500',
      // the test sends validations as fast as they are answered, past the default bucket; limits are not its subject
      SCHEMAGATE_RATE_LIMIT: '0',
    };
    const replicaLog = (lines: string[]) => ({ info: (line: string) => lines.push(line), error: () => {} });
    [a, b] = (await Promise.all([
      startServer({ env, log: replicaLog(logs.a) }),
      startServer({ env, log: replicaLog(logs.b) }),
    ])) as [RunningServer, RunningServer];
    admin = (a.createdAdminKey ?? b.createdAdminKey)!;
    keysDb = await openDatabase({ url: cluster.url });
    validateKey = await createKeyStore(keysDb.db).create('validate', 'outage test');
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), keysDb?.close()]);
    await cluster?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers faults as faults while storage is down, and recovers without a restart', async () => {
    expect((await call(a, 'POST', versions, { schema: { type: 'integer', maximum: 10 } })).status).toBe(201);
    expect((await call(a, 'PUT', '/v1/registries/other', {})).status).toBeLessThan(300);
    // both replicas cache the version, its validator and the keys; a caches the read of version 1
    for (const server of [a, b]) expect((await validate(server, 50)).body).toMatchObject({ valid: false });
    expect((await call(a, 'GET', `${versions}/1`)).status).toBe(200);

    // load on both replicas through the whole outage: cached validation, four at a time, bounded in count
    const load = { stop: false, statuses: new Map<number, number>(), slowest: 0, count: 0 };
    const worker = async (server: RunningServer) => {
      while (!load.stop && load.count < 50_000) {
        load.count++;
        const answer = await validate(server, 5);
        load.statuses.set(answer.status, (load.statuses.get(answer.status) ?? 0) + 1);
        load.slowest = Math.max(load.slowest, answer.ms);
      }
    };
    const workers = [worker(a), worker(b), worker(a), worker(b)];

    await cluster.stop();
    const down = performance.now();
    const checks = { writes: [] as Answer[], uncached: [] as Answer[], readyz: [] as Answer[] };
    const cached: Answer[] = [];
    let round = 0;
    while (performance.now() - down < OUTAGE_MS) {
      round++;
      const server = round % 2 ? a : b;
      checks.writes.push(
        await call(server, 'POST', versions, { schema: { type: 'integer', maximum: round } }),
      );
      checks.writes.push(await call(server, 'PATCH', `${versions}/1`, { state: 'deprecated' }));
      checks.uncached.push(await call(server, 'GET', versions));
      checks.uncached.push(await call(server, 'GET', '/v1/registries/other/schemas/never/versions/1'));
      checks.readyz.push(await call(server, 'GET', '/readyz'));
      cached.push(await call(a, 'GET', `${versions}/1`));
      cached.push(await validate(server, 50));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    load.stop = true;
    await Promise.all(workers);

    for (const answer of [...checks.writes, ...checks.uncached, ...checks.readyz]) {
      expect(answer).toMatchObject({ status: 503, body: { code: 'storage_unavailable', status: 503 } });
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    expect(checks.readyz[0]!.body.detail).toMatch(/connection|shutting down|starting up|timed out/);
    for (const answer of cached) {
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    expect(cached.at(-1)!.body).toMatchObject({ valid: false, version: 1 });
    // every validation of the load was answered, from the cache, all through the outage
    expect([...load.statuses.keys()]).toEqual([200]);
    expect(load.slowest).toBeLessThan(ANSWER_WITHIN_MS);
    console.info(
      `outage: ${round} rounds, slowest 503 ${Math.round(Math.max(...[...checks.writes, ...checks.uncached].map((x) => x.ms)))} ms, ` +
        `${load.count} cached validations (slowest ${Math.round(load.slowest)} ms)`,
    );

    await cluster.start();
    const up = performance.now();
    for (const server of [a, b]) {
      await expect
        .poll(async () => (await call(server, 'GET', '/readyz')).status, { timeout: 15_000, interval: 200 })
        .toBe(200);
    }
    await expect
      .poll(async () => (await call(a, 'POST', versions, { schema: { type: 'integer' } })).status, {
        timeout: 15_000,
        interval: 200,
      })
      .toBe(201);
    console.info(`recovery: ready and writing ${Math.round(performance.now() - up)} ms after the restart`);

    // both replicas listen again, and dropped what they cached since announcements may have been missed
    for (const lines of [logs.a, logs.b]) {
      await expect.poll(() => lines.some((line) => line.includes('notifications are back'))).toBe(true);
    }
    // a change made now reaches the other replica's caches: first wait for b to see version 2, then make a
    // second change, which b can only learn of through a notification
    await expect
      .poll(async () => (await validate(b, 50)).body, { timeout: 10_000, interval: 200 })
      .toMatchObject({ valid: true, version: 2 });
    expect((await call(a, 'PATCH', `${versions}/2`, { state: 'disabled' })).status).toBe(200);
    await expect
      .poll(async () => (await validate(b, 50)).body, { timeout: 3000, interval: 100 })
      .toMatchObject({ valid: false, version: 1 });
    // and the other way round
    expect((await validate(a, 50)).body).toMatchObject({ valid: false, version: 1 });
    expect((await call(b, 'PATCH', `${versions}/2`, { state: 'active' })).status).toBe(200);
    await expect
      .poll(async () => (await validate(a, 50)).body, { timeout: 3000, interval: 100 })
      .toMatchObject({ valid: true, version: 2 });

    // revocations reach both replicas again
    const keys = createKeyStore(keysDb.db);
    const soon = await keys.create('validate', 'revoked after the outage');
    for (const server of [a, b]) {
      expect(
        (await call(server, 'POST', '/v1/validate', { registry: 'r', schema: 'thing', event: 1 }, soon))
          .status,
      ).toBe(200);
    }
    expect(await keys.revoke(keyPrefix(soon))).toBe(true);
    for (const server of [a, b]) {
      await expect
        .poll(
          async () =>
            (await call(server, 'POST', '/v1/validate', { registry: 'r', schema: 'thing', event: 1 }, soon))
              .status,
          { timeout: 1500, interval: 100 },
        )
        .toBe(401);
    }
  }, 120_000);

  it('answers within the deadline while the server holds connections and does not answer', async () => {
    // warm again after the outage test dropped the caches: keys, the version view and its validator
    for (const server of [a, b]) expect((await validate(server, 50)).status).toBe(200);
    await cluster.freeze();
    const frozen = performance.now();
    const faults: Answer[] = [];
    const readyz: Answer[] = [];
    const cached: Answer[] = [];
    try {
      while (performance.now() - frozen < 6000) {
        faults.push(await call(a, 'GET', versions));
        faults.push(await call(b, 'POST', versions, { schema: { type: ['integer', 'string'] } }));
        readyz.push(await call(a, 'GET', '/readyz'));
        for (const server of [a, b]) cached.push(await validate(server, 50));
      }
    } finally {
      await cluster.thaw();
    }
    for (const answer of faults) {
      expect(answer).toMatchObject({ status: 503, body: { code: 'storage_unavailable' } });
      expect(answer.retryAfter).toBeTruthy();
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    for (const answer of readyz) {
      expect(answer).toMatchObject({ status: 503, body: { code: 'storage_unavailable' } });
      // /readyz waits 2 s for its check
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS + 500);
    }
    for (const answer of cached) {
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    console.info(
      `frozen: slowest 503 ${Math.round(Math.max(...faults.map((x) => x.ms)))} ms, ` +
        `slowest cached validation ${Math.round(Math.max(...cached.map((x) => x.ms)))} ms`,
    );
    // once it answers again, so does the server (a write cut off by the deadline may have gone through meanwhile:
    // this one is compatible with it either way)
    await expect
      .poll(async () => (await call(a, 'GET', '/readyz')).status, { timeout: 10_000, interval: 200 })
      .toBe(200);
    await expect
      .poll(async () => (await call(b, 'POST', versions, { schema: {} })).status, {
        timeout: 10_000,
        interval: 200,
      })
      .toBe(201);
  }, 60_000);
});
