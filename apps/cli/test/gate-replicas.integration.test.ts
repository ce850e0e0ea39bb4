/**
 * Two `schemagate serve` processes on one Postgres, as two replicas behind a load balancer, receiving the same
 * Idempotency-Key at once: the event is processed once. Every answer is that one 202 (the first, or a replay of
 * it byte for byte) or a 409 while it is in flight, and the outbox holds one row per key.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForLine } from './wait-for-line.ts';

const url = process.env.DATABASE_URL;
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(cli, 'src/main.ts');
/** The CLI from its sources, as `pnpm dev` runs it: the test needs no build. */
const tsxArgs = ['--conditions=@schemagate/source', '--import', 'tsx'];

const KEYS = 12;
/** Requests per key and replica, all sent at once. */
const REQUESTS = 4;

const schema = {
  type: 'object',
  required: ['id', 'source', 'detail-type', 'detail'],
  properties: {
    source: { const: 'com.replicas.orders' },
    'detail-type': { const: 'OrderPlaced' },
    detail: { type: 'object', required: ['total'], properties: { total: { type: 'number', minimum: 0 } } },
  },
};

describe.runIf(url)('two servers on one Postgres, one Idempotency-Key at once', () => {
  const database = `sg_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = () => {
    const target = new URL(url!);
    target.pathname = `/${database}`;
    return target.toString();
  };
  const servers: ChildProcess[] = [];
  const urls: string[] = [];
  let dir: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${database}`);
    await admin.end();
    dir = await mkdtemp(join(tmpdir(), 'schemagate-gate-replicas-'));
    const start = () => {
      const child = spawn(
        process.execPath,
        [...tsxArgs, main, 'serve', '--port', '0', '--data', join(dir, 'data'), '--no-seed'],
        {
          cwd: cli,
          // this test is about idempotency: a machine busy with other work must not make the servers shed load
          env: {
            PATH: process.env.PATH ?? '',
            NO_COLOR: '1',
            DATABASE_URL: databaseUrl(),
            SCHEMAGATE_SHED_LAG_MS: '0',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
          // its own process group, so that the end of the test stops the server and whatever it started
          detached: true,
        },
      );
      servers.push(child);
      return waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    };
    // started together: migrations, the idempotency table and the first admin key happen once
    const lines = await Promise.all([start(), start()]);
    urls.push(...lines.map((m) => m[1]!));
    const key = (await readFile(join(dir, 'data/admin.key'), 'utf8')).trim();
    headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const put = await fetch(`${urls[0]}/v1/registries/orders/schemas/placed/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schema }),
    });
    expect(put.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(async (child) => {
        if (child.exitCode !== null || child.pid === undefined) return;
        const exited = once(child, 'exit');
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }),
    );
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('processes each key once, whichever replica answers', async () => {
    const send = async (server: string, key: string) => {
      const body = JSON.stringify({
        registry: 'orders',
        schema: 'placed',
        event: { id: key, source: 'com.replicas.orders', 'detail-type': 'OrderPlaced', detail: { total: 1 } },
      });
      const res = await fetch(`${server}/v1/events`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': `"${key}"` },
        body,
      });
      return {
        status: res.status,
        replayed: res.headers.get('idempotency-replayed'),
        retryAfter: res.headers.get('retry-after'),
        text: await res.text(),
      };
    };
    const keys = Array.from({ length: KEYS }, (_, i) => `replica-key-${i}-${randomBytes(3).toString('hex')}`);
    const answers = await Promise.all(
      keys.map((key) => Promise.all(Array.from({ length: REQUESTS * 2 }, (_, n) => send(urls[n % 2]!, key)))),
    );
    for (const forKey of answers) {
      const accepted = forKey.filter((a) => a.status === 202);
      expect(forKey.every((a) => a.status === 202 || a.status === 409)).toBe(true);
      for (const busy of forKey.filter((a) => a.status === 409)) expect(busy.retryAfter).toMatch(/^\d+$/);
      // the first answer carries no replay header; every other 202 is it, byte for byte
      expect(accepted.filter((a) => a.replayed === null)).toHaveLength(1);
      expect(new Set(accepted.map((a) => a.text)).size).toBe(1);
    }
    // a retry after the in-flight answers finds the stored one
    for (const [i, key] of keys.entries()) {
      const retry = await send(urls[(i + 1) % 2]!, key);
      expect(retry).toMatchObject({ status: 202, replayed: 'true' });
    }

    const sql = postgres(databaseUrl(), { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ idempotency_key: string; n: number }[]>`
        select idempotency_key, count(*)::int as n from outbox where idempotency_key = any(${keys}) group by 1`;
      expect(rows).toHaveLength(KEYS);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
