/**
 * `pnpm --filter @schemagate/idempotency bench`: begin + complete (one request's record) per second, and the
 * replay rate, on the memory store, an embedded PGlite, and Postgres when DATABASE_URL is set (a database of its
 * own, dropped after). 20 requests in flight at once.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createIdempotencyStore } from '../src/store/create-store.ts';
import type { IdempotencyStore } from '../src/store/types.ts';

const KEYS = 4000;
const IN_FLIGHT = 20;
const response = { status: 202, headers: { 'content-type': 'application/json' }, body: '{"id":"x"}' };

async function inParallel(count: number, run: (n: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

async function measure(name: string, store: IdempotencyStore) {
  const request = (n: number) => ({ scope: 'bench', key: `k${n}`, fingerprint: 'f', ttlSeconds: 3600 });
  await store.begin(request(-1)); // opens the connection and creates the table
  let started = performance.now();
  await inParallel(KEYS, async (n) => {
    const begun = await store.begin(request(n));
    if (begun.state !== 'acquired') throw new Error(`k${n}: ${begun.state}`);
    await store.complete(begun.lease, response);
  });
  const firstRate = KEYS / ((performance.now() - started) / 1000);
  started = performance.now();
  await inParallel(KEYS, async (n) => {
    if ((await store.begin(request(n))).state !== 'replay') throw new Error(`k${n} was not replayed`);
  });
  const replayRate = KEYS / ((performance.now() - started) / 1000);
  console.log(
    `${name.padEnd(9)} first requests ${firstRate.toFixed(0)}/s, replays ${replayRate.toFixed(0)}/s`,
  );
  await store.close();
}

await measure('memory', createIdempotencyStore());
await measure('pglite', createIdempotencyStore({ dataDir: 'memory://' }));
const url = process.env.DATABASE_URL;
if (url) {
  const name = `sg_idem_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  try {
    await measure('postgres', createIdempotencyStore({ databaseUrl: target.toString(), maxConnections: 10 }));
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
