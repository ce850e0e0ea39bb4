import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdempotencyStore } from '../src/store/create-store.ts';
import {
  type BeginRequest,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
  type Lease,
  type StoredResponse,
} from '../src/store/types.ts';
import { eachStoreKind, type StoreBackend, type StoreFixture, storeFixture } from './store-kinds.ts';

const answer: StoredResponse = {
  status: 201,
  headers: { 'content-type': 'application/json', location: '/orders/1' },
  body: '{"id":"1"}',
};

function request(key: string, overrides: Partial<BeginRequest> = {}): BeginRequest {
  return { scope: 'client-a', key, fingerprint: 'fp-1', ttlSeconds: 3600, ...overrides };
}

async function acquire(store: IdempotencyStore, req: BeginRequest): Promise<Lease> {
  const begun = await store.begin(req);
  if (begun.state !== 'acquired') throw new Error(`expected to acquire ${req.key}, got ${begun.state}`);
  return begun.lease;
}

describe.each(eachStoreKind())('the $name idempotency store', (kind) => {
  let backend: StoreBackend;
  let clock: StoreFixture['clock'];
  let store: IdempotencyStore;

  storeFixture(kind, { leaseSeconds: 30, retryAfterSeconds: 5 }, (fresh) => {
    ({ backend, clock, store } = fresh);
  });

  it('acquires a new key once, says in flight until it completes, then replays the answer', async () => {
    const lease = await acquire(store, request('k1'));
    expect(await store.begin(request('k1'))).toEqual({ state: 'in_flight', retryAfterSeconds: 5 });
    clock.advance(27_500);
    // the wait suggested never outlasts the lease
    expect(await store.begin(request('k1'))).toEqual({ state: 'in_flight', retryAfterSeconds: 3 });
    await store.complete(lease, answer);
    expect(await store.begin(request('k1'))).toEqual({ state: 'replay', response: answer });
    expect(await store.begin(request('k1'))).toEqual({ state: 'replay', response: answer });
  });

  it('answers mismatch for another fingerprint and keeps the original record as it was', async () => {
    const lease = await acquire(store, request('k2'));
    expect(await store.begin(request('k2', { fingerprint: 'fp-other' }))).toEqual({ state: 'mismatch' });
    await store.complete(lease, answer);
    expect(await store.begin(request('k2', { fingerprint: 'fp-other' }))).toEqual({ state: 'mismatch' });
    expect(await store.begin(request('k2'))).toEqual({ state: 'replay', response: answer });
  });

  it('keeps keys apart by scope', async () => {
    await acquire(store, request('shared', { scope: 'a' }));
    await acquire(store, request('shared', { scope: 'b', fingerprint: 'fp-2' }));
    expect((await store.begin(request('shared', { scope: 'a' }))).state).toBe('in_flight');
  });

  it('frees a released key for the next request, and ignores a release by a stale lease', async () => {
    const first = await acquire(store, request('k3'));
    await store.release(first);
    const second = await acquire(store, request('k3', { fingerprint: 'fp-retry' }));
    await store.release(first);
    expect((await store.begin(request('k3', { fingerprint: 'fp-retry' }))).state).toBe('in_flight');
    await store.complete(second, answer);
    expect((await store.begin(request('k3', { fingerprint: 'fp-retry' }))).state).toBe('replay');
  });

  it('forgets a finished record after its TTL', async () => {
    const lease = await acquire(store, request('k4', { ttlSeconds: 60 }));
    await store.complete(lease, answer);
    clock.advance(59_999);
    expect((await store.begin(request('k4'))).state).toBe('replay');
    clock.advance(1);
    // expired: the key is free again, for any request
    const again = await acquire(store, request('k4', { fingerprint: 'fp-new' }));
    expect((await store.begin(request('k4', { fingerprint: 'fp-new' }))).state).toBe('in_flight');
    await store.complete(again, { ...answer, body: '{"id":"2"}' });
    expect(await store.begin(request('k4', { fingerprint: 'fp-new' }))).toEqual({
      state: 'replay',
      response: { ...answer, body: '{"id":"2"}' },
    });
  });

  it('lets a record stuck in progress be taken over after its lease, by one owner only', async () => {
    const dead = await acquire(store, request('k5'));
    clock.advance(29_999);
    expect((await store.begin(request('k5'))).state).toBe('in_flight');
    clock.advance(1);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.begin(request('k5'))));
    expect(results.filter((r) => r.state === 'acquired')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'in_flight')).toHaveLength(7);
    const heir = results.find((r) => r.state === 'acquired')!;
    // the process that lost its lease finds out when it tries to store its answer
    await expect(store.complete(dead, answer)).rejects.toBeInstanceOf(IdempotencyLeaseLostError);
    if (heir.state !== 'acquired') throw new Error('unreachable');
    await store.complete(heir.lease, { ...answer, status: 202 });
    expect(await store.begin(request('k5'))).toEqual({
      state: 'replay',
      response: { ...answer, status: 202 },
    });
  });

  it('takes a lease length per request', async () => {
    await acquire(store, request('k6', { leaseSeconds: 300 }));
    clock.advance(200_000);
    expect((await store.begin(request('k6'))).state).toBe('in_flight');
    clock.advance(100_000);
    expect((await store.begin(request('k6'))).state).toBe('acquired');
  });

  it('sweeps expired and abandoned records in bounded batches, and leaves live ones', async () => {
    for (let n = 0; n < 20; n++) {
      await store.complete(await acquire(store, request(`old-${n}`, { ttlSeconds: 10 })), answer);
    }
    for (let n = 0; n < 5; n++) await acquire(store, request(`stuck-${n}`, { ttlSeconds: 3600 }));
    for (let n = 0; n < 4; n++) {
      await store.complete(await acquire(store, request(`live-${n}`, { ttlSeconds: 3600 })), answer);
    }
    clock.advance(31_000);
    // one live in-progress record, begun after the clock moved
    await acquire(store, request('running'));
    expect(await store.sweep(10)).toBe(10);
    expect(await store.sweep(10)).toBe(10);
    expect(await store.sweep(10)).toBe(5);
    expect(await store.sweep(10)).toBe(0);
    for (let n = 0; n < 4; n++) expect((await store.begin(request(`live-${n}`))).state).toBe('replay');
    expect((await store.begin(request('running'))).state).toBe('in_flight');
    expect((await store.begin(request('old-0', { fingerprint: 'other' }))).state).toBe('acquired');
  });

  it('keeps a body that is not UTF-8 byte for byte, as base64', async () => {
    const lease = await acquire(store, request('bin'));
    const binary: StoredResponse = {
      status: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0xff, 0x00, 0xc3, 0x28]).toString('base64'),
      bodyEncoding: 'base64',
    };
    await store.complete(lease, binary);
    expect(await store.begin(request('bin'))).toEqual({ state: 'replay', response: binary });
  });

  it('gives one of many concurrent callers of the same key the lease, for each key', async () => {
    // two store objects: on a database they share the table, in memory they are one store called twice
    const other = backend.db ? backend.makeStore({ clock: clock.now }) : store;
    const keys = Array.from({ length: 40 }, (_, n) => `race-${n}`);
    const results = await Promise.all(
      keys.flatMap((key) => [store, other, store, other].map((s) => s.begin(request(key)))),
    );
    for (let n = 0; n < keys.length; n++) {
      const states = results.slice(n * 4, n * 4 + 4).map((r) => r.state);
      expect(
        states.filter((s) => s === 'acquired'),
        keys[n],
      ).toHaveLength(1);
      expect(
        states.filter((s) => s === 'in_flight'),
        keys[n],
      ).toHaveLength(3);
    }
  });

  const completed = (key: string, overrides: Partial<BeginRequest> = {}, response = answer) => {
    const { scope, fingerprint, ttlSeconds } = request(key, overrides);
    return { scope, key, fingerprint, ttlSeconds, response };
  };

  it('writes records already finished, which replay, and leaves a key that has a record to begin', async () => {
    await store.complete(await acquire(store, request('done')), { ...answer, body: '{"id":"first"}' });
    await acquire(store, request('running'));
    expect(
      await store.insertCompleted([
        completed('new-1'),
        completed('done'),
        completed('new-2', {}, { ...answer, status: 422, body: '{"code":"event_invalid"}' }),
        completed('running'),
        // a key twice in one call: the first is written, the second is a repeat of it
        completed('new-1', { fingerprint: 'fp-2' }),
      ]),
    ).toEqual([true, false, true, false, false]);
    expect(await store.begin(request('new-1'))).toEqual({ state: 'replay', response: answer });
    expect(await store.begin(request('new-1', { fingerprint: 'fp-2' }))).toEqual({ state: 'mismatch' });
    expect(await store.begin(request('new-2'))).toEqual({
      state: 'replay',
      response: { ...answer, status: 422, body: '{"code":"event_invalid"}' },
    });
    // the records that were there are as they were
    expect(await store.begin(request('done'))).toEqual({
      state: 'replay',
      response: { ...answer, body: '{"id":"first"}' },
    });
    expect((await store.begin(request('running'))).state).toBe('in_flight');
    expect(await store.insertCompleted([])).toEqual([]);
  });

  it('gives a record written finished its TTL, and leaves an expired one for begin to take over', async () => {
    expect(await store.insertCompleted([completed('short', { ttlSeconds: 60 })])).toEqual([true]);
    clock.advance(59_999);
    expect((await store.begin(request('short'))).state).toBe('replay');
    clock.advance(1);
    expect(await store.insertCompleted([completed('short', { fingerprint: 'fp-new' })])).toEqual([false]);
    const lease = await acquire(store, request('short', { fingerprint: 'fp-new' }));
    await store.complete(lease, { ...answer, body: '{"id":"2"}' });
    expect(await store.begin(request('short', { fingerprint: 'fp-new' }))).toEqual({
      state: 'replay',
      response: { ...answer, body: '{"id":"2"}' },
    });
  });

  it('writes finished records of many keys at once, each once', async () => {
    const keys = Array.from({ length: 1500 }, (_, n) => `bulk-${n}`);
    const first = await store.insertCompleted(keys.filter((_, n) => n % 2 === 0).map((k) => completed(k)));
    expect(first.every(Boolean)).toBe(true);
    const all = await store.insertCompleted(keys.map((k) => completed(k)));
    expect(all).toEqual(keys.map((_, n) => n % 2 === 1));
    expect(await store.sweep(5000)).toBe(0);
    expect((await store.begin(request('bulk-1499'))).state).toBe('replay');
  });

  // the memory store has no transactions to join
  if (kind.name !== 'memory')
    it('commits records written finished with the caller’s transaction, or not at all', async () => {
      const db = backend.db!;
      // the store opens on its first call, in a transaction of its own: PGlite runs one at a time
      expect(await store.insertCompleted([])).toEqual([]);
      await expect(
        db.transaction(async (tx) => {
          expect(await store.insertCompleted([completed('tx-new')], tx)).toEqual([true]);
          throw new Error('the handler failed after storing');
        }),
      ).rejects.toThrow('the handler failed');
      // rolled back: a retry is processed
      const lease = await acquire(store, request('tx-new'));
      await store.release(lease);
      await db.transaction(async (tx) => {
        expect(await store.insertCompleted([completed('tx-new')], tx)).toEqual([true]);
      });
      expect(await store.begin(request('tx-new'))).toEqual({ state: 'replay', response: answer });
    });

  // two transactions at once need two connections (PGlite runs one transaction at a time)
  if (kind.name === 'postgres')
    it('makes a transaction that writes a key another one is writing wait for it: one of them writes it', async () => {
      const db = backend.db!;
      const keys = Array.from({ length: 50 }, (_, n) => `contended-${n}`);
      let releaseFirst!: () => void;
      const firstHolds = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let secondAnswered = false;
      const first = db.transaction(async (tx) => {
        const written = await store.insertCompleted(
          keys.map((k) => completed(k)),
          tx,
        );
        await firstHolds;
        return written;
      });
      // give the first its rows before the second starts; the second names the keys in the other order
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = db
        .transaction((tx) =>
          store.insertCompleted(
            [...keys].reverse().map((k) => completed(k, { fingerprint: 'fp-b' })),
            tx,
          ),
        )
        .then((written) => {
          secondAnswered = true;
          return written;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(secondAnswered).toBe(false);
      releaseFirst();
      expect((await first).every(Boolean)).toBe(true);
      expect((await second).some(Boolean)).toBe(false);
      for (const key of keys.slice(0, 5)) expect((await store.begin(request(key))).state).toBe('replay');

      // the first rolls back: the second, waiting on it, writes the keys
      const more = ['rb-1', 'rb-2', 'rb-3'];
      let abortFirst!: () => void;
      const firstAborts = new Promise<void>((resolve) => {
        abortFirst = resolve;
      });
      const doomed = db.transaction(async (tx) => {
        await store.insertCompleted(
          more.map((k) => completed(k)),
          tx,
        );
        await firstAborts;
        throw new Error('crashed before commit');
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const heir = db.transaction((tx) =>
        store.insertCompleted(
          more.map((k) => completed(k, { fingerprint: 'fp-b' })),
          tx,
        ),
      );
      abortFirst();
      await expect(doomed).rejects.toThrow('crashed before commit');
      expect(await heir).toEqual([true, true, true]);
      expect((await store.begin(request('rb-2', { fingerprint: 'fp-b' }))).state).toBe('replay');
    });

  // the memory store has no transactions to join
  if (kind.name !== 'memory')
    it('commits the record with the caller’s transaction, or not at all', async () => {
      const db = backend.db!;
      await db.execute(sql`create table if not exists test_orders (id text primary key)`);
      const rolledBack = await acquire(store, request('tx-1'));
      await expect(
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into test_orders values ('rolled-back')`);
          await store.complete(rolledBack, answer, tx);
          throw new Error('the handler failed after storing');
        }),
      ).rejects.toThrow('the handler failed');
      expect((await store.begin(request('tx-1'))).state).toBe('in_flight');
      await store.release(rolledBack);

      const committed = await acquire(store, request('tx-1'));
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into test_orders values ('committed')`);
        await store.complete(committed, answer, tx);
      });
      expect(await store.begin(request('tx-1'))).toEqual({ state: 'replay', response: answer });
      const orders = await db.execute(sql`select id from test_orders order by id`);
      const rows = Array.isArray(orders) ? orders : (orders as { rows: unknown[] }).rows;
      expect(rows).toEqual([{ id: 'committed' }]);
    });
});

// like eachDatabase(): Postgres when DATABASE_URL names one
if (process.env.DATABASE_URL)
  describe('two Postgres stores on their own connections', () => {
    const base = process.env.DATABASE_URL!;
    const name = `sg_idem_race_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const url = new URL(base);
    url.pathname = `/${name}`;
    let stores: IdempotencyStore[] = [];

    beforeAll(async () => {
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });

    it('create the table together and process each of many raced keys once', async () => {
      stores = [0, 1].map(() => createIdempotencyStore({ databaseUrl: url.toString(), maxConnections: 4 }));
      const [a, b] = stores as [IdempotencyStore, IdempotencyStore];
      const keys = Array.from({ length: 300 }, (_, n) => `event-${n}`);
      const processed = new Map<string, number>();
      const acquiredBy = new Map<IdempotencyStore, number>();
      // each store stands for a server process: it begins, "processes" (counts) and completes what it acquired
      const handle = async (store: IdempotencyStore, key: string) => {
        const begun = await store.begin(request(key));
        if (begun.state !== 'acquired') return begun.state;
        processed.set(key, (processed.get(key) ?? 0) + 1);
        acquiredBy.set(store, (acquiredBy.get(store) ?? 0) + 1);
        await store.complete(begun.lease, { ...answer, body: JSON.stringify({ key }) });
        return begun.state;
      };
      // both create the table at once (under the advisory lock), and open all their connections before the race
      await Promise.all(
        [a, b].flatMap((store, s) => [0, 1, 2, 3].map((n) => store.begin(request(`warm-${s}-${n}`)))),
      );
      // rounds of 8 keys, each sent by both stores at once in a shuffled order, so that every key is contended
      const states: string[] = [];
      for (let start = 0; start < keys.length; start += 8) {
        const calls = keys.slice(start, start + 8).flatMap((key) => [[a, key] as const, [b, key] as const]);
        calls.sort(() => Math.random() - 0.5);
        states.push(...(await Promise.all(calls.map(([store, key]) => handle(store, key)))));
      }
      expect(states.filter((s) => s === 'acquired')).toHaveLength(keys.length);
      expect(states.every((s) => s === 'acquired' || s === 'in_flight' || s === 'replay')).toBe(true);
      expect([...processed.values()].every((count) => count === 1)).toBe(true);
      expect(processed.size).toBe(keys.length);
      // neither store simply ran ahead of the other: both won some of the races
      expect(acquiredBy.get(a)).toBeGreaterThan(0);
      expect(acquiredBy.get(b)).toBeGreaterThan(0);
      for (const key of keys.slice(0, 20)) {
        expect(await b.begin(request(key))).toEqual({
          state: 'replay',
          response: { ...answer, body: JSON.stringify({ key }) },
        });
      }
    });
  });

describe('a PGlite store in a data folder of its own', () => {
  it('keeps its records across a restart, and refuses calls once closed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sg-idem-'));
    try {
      const first = createIdempotencyStore({ dataDir });
      await first.complete(await acquire(first, request('kept')), answer);
      await first.close();
      await expect(first.begin(request('kept'))).rejects.toThrow('closed');

      const reopened = createIdempotencyStore({ dataDir });
      expect(await reopened.begin(request('kept'))).toEqual({ state: 'replay', response: answer });
      await reopened.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
