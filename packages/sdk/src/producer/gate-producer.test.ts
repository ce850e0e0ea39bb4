import { fingerprint } from '@schemagate/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProducer } from './create-producer.ts';
import { createGateProducer, defaultIdempotencyKey, type GateProducerOptions } from './gate-producer.ts';
import { createFakeGate } from './test/fake-gate.ts';

function order(n: number, amount = n, id: string | undefined = `evt-${n}`) {
  return { ...(id ? { id } : {}), source: 'shop', 'detail-type': 'OrderPlaced', detail: { n, amount } };
}

let gate: ReturnType<typeof createFakeGate>;
let sleeps: number[];
let onSleep: (() => void) | undefined;

beforeEach(() => {
  gate = createFakeGate();
  sleeps = [];
  onSleep = undefined;
});

function producer(overrides: Partial<GateProducerOptions> = {}) {
  return createGateProducer({
    url: 'http://gate.test/',
    key: 'sg_test_key',
    fetch: gate.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      onSleep?.();
    },
    random: () => 0.5,
    now: () => Date.UTC(2026, 0, 1),
    ...overrides,
  });
}

const keysSent = () => gate.calls.map((call) => call.key);

describe('createGateProducer, one event: POST /v1/events', () => {
  it('sends the event with its id as the Idempotency-Key, quoted, and reports it accepted', async () => {
    const [result] = await producer().publish([order(1)], { registry: 'shop' });
    expect(result).toEqual({
      status: 'accepted',
      id: 'ob-1',
      registry: 'shop',
      schema: 'shop@OrderPlaced',
      version: 1,
      idempotencyKey: 'evt-1',
      replayed: false,
      attempts: 1,
    });
    expect(gate.calls).toEqual([
      { path: '/v1/events', key: '"evt-1"', body: { event: order(1), registry: 'shop' } },
    ]);
  });

  it('derives a key from the content when the event has no usable id, or asks the caller', async () => {
    const plain = { b: 2, a: [1, { y: true, x: null }] };
    expect(defaultIdempotencyKey(plain)).toBe(`sha256-${fingerprint(plain)}`);
    // key order does not change the key, nor does the order of a retry
    expect(defaultIdempotencyKey({ a: [1, { x: null, y: true }], b: 2 })).toBe(defaultIdempotencyKey(plain));
    expect(defaultIdempotencyKey({ id: 'é-not-ascii' })).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(defaultIdempotencyKey({ id: 'x'.repeat(256) })).toMatch(/^sha256-/);
    expect(defaultIdempotencyKey({ id: 42 })).toMatch(/^sha256-/);

    await producer().publish([plain]);
    await producer({
      idempotencyKey: (event) => `order/${(event as { detail: { n: number } }).detail.n}`,
    }).publish([order(7)]);
    expect(keysSent()).toEqual([`"sha256-${fingerprint(plain)}"`, '"order/7"']);
  });

  it('fails an event it cannot send without sending it, and sends the others', async () => {
    const results = await producer({
      idempotencyKey: (event) =>
        (event as { id?: string }).id === 'evt-2' ? 'ключ' : defaultIdempotencyKey(event),
    }).publish([order(1), order(2), { id: 'big', n: 10n }]);
    expect(results).toEqual([
      expect.objectContaining({ status: 'accepted', idempotencyKey: 'evt-1' }),
      expect.objectContaining({ status: 'failed', errorCode: 'idempotency_key_invalid', attempts: 0 }),
      expect.objectContaining({ status: 'failed', errorCode: 'unsendable_event', attempts: 0 }),
    ]);
    expect(gate.calls).toHaveLength(1);
  });

  it('retries a 503 with the same key, waiting what Retry-After asks', async () => {
    gate.faults.push({ status: 503, code: 'storage_unavailable', retryAfter: '2' });
    const [result] = await producer().publish([order(1)]);
    expect(result).toMatchObject({ status: 'accepted', attempts: 2, replayed: false });
    expect(sleeps).toEqual([2000]);
    expect(keysSent()).toEqual(['"evt-1"', '"evt-1"']);
  });

  it('backs off exponentially with full jitter when no Retry-After is given', async () => {
    gate.faults.push(
      { status: 429, code: 'rate_limited' },
      { refuse: true },
      { status: 502, code: 'http_502' },
    );
    const [result] = await producer().publish([order(1)]);
    expect(result).toMatchObject({ status: 'accepted', attempts: 4 });
    // random() = 0.5: half of 100, 200, 400 ms
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('stores an event once when its 202 was lost: the retry is answered the stored result', async () => {
    gate.faults.push({ loseAnswer: true });
    const [result] = await producer().publish([order(3)]);
    expect(result).toMatchObject({ status: 'accepted', id: 'ob-1', replayed: true, attempts: 2 });
    expect(gate.stored.get('evt-3')).toBe(1);
  });

  it('retries a 409 while its first attempt is still in flight at the gate', async () => {
    gate.faults.push({ hold: true });
    // the first attempt times out while the gate still works on it; the retry finds it in flight
    onSleep = () => {
      if (sleeps.length === 2) gate.release();
    };
    const [result] = await producer({ timeoutMs: 50 }).publish([order(4)]);
    expect(result).toMatchObject({ status: 'accepted', replayed: true, attempts: 3 });
    // after the timeout: backoff; after the 409: Retry-After 1 s
    expect(sleeps).toEqual([50, 1000]);
    expect(gate.stored.get('evt-4')).toBe(1);
    expect(keysSent()).toEqual(['"evt-4"', '"evt-4"', '"evt-4"']);
  });

  it('does not retry a 422: it reports the errors and the dead letter', async () => {
    const [result] = await producer().publish([order(5, -1)]);
    expect(result).toEqual({
      status: 'invalid',
      errors: [{ path: '/detail/amount', keyword: 'minimum', message: 'must be >= 0', schemaPath: '#/x' }],
      deadLetterId: 'dl-1',
      registry: 'shop',
      schema: 'shop@OrderPlaced',
      version: 1,
      idempotencyKey: 'evt-5',
      attempts: 1,
    });
    expect(gate.calls).toHaveLength(1);
  });

  it('does not retry a refusal such as 404, nor a Retry-After longer than it may wait', async () => {
    gate.faults.push({ status: 404, code: 'no_schema_for_event' });
    expect((await producer().publish([order(6)]))[0]).toEqual({
      status: 'failed',
      errorCode: 'no_schema_for_event',
      errorMessage: 'no_schema_for_event',
      httpStatus: 404,
      idempotencyKey: 'evt-6',
      attempts: 1,
    });
    gate.faults.push({ status: 429, code: 'rate_limited', retryAfter: '120' });
    expect((await producer().publish([order(6)]))[0]).toMatchObject({
      status: 'failed',
      errorCode: 'rate_limited',
      attempts: 1,
    });
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    for (let n = 0; n < 3; n++) gate.faults.push({ status: 503, code: 'storage_unavailable' });
    const [result] = await producer({ maxAttempts: 3 }).publish([order(8)]);
    expect(result).toMatchObject({
      status: 'failed',
      errorCode: 'storage_unavailable',
      httpStatus: 503,
      attempts: 3,
    });
    expect(gate.stored.size).toBe(0);
  });
});

describe('createGateProducer, many events: POST /v1/events/batch', () => {
  it('sends batches within the limits, each entry with its key, and answers in input order', async () => {
    const events = Array.from({ length: 25 }, (_, n) => order(n, n % 7 === 3 ? -1 : n));
    const results = await producer({ maxBatchEntries: 10, concurrency: 2 }).publish(events);
    expect(gate.calls.map((call) => (call.body as { events: unknown[] }).events.length)).toEqual([10, 10, 5]);
    expect(gate.calls.every((call) => call.path === '/v1/events/batch' && call.key === undefined)).toBe(true);
    const sentKeys = gate.calls.flatMap((call) =>
      (call.body as { events: Array<{ idempotencyKey: string }> }).events.map(
        (entry) => entry.idempotencyKey,
      ),
    );
    expect(sentKeys).toEqual(events.map((event) => event.id));
    expect(results.map((result) => result.status)).toEqual(
      events.map((event) => (event.detail.amount < 0 ? 'invalid' : 'accepted')),
    );
    expect(results[3]).toMatchObject({ status: 'invalid', idempotencyKey: 'evt-3' });
    // two calls were in flight at once, so the gate numbered the dead letters in its own order
    expect(
      results.flatMap((result) => (result.status === 'invalid' ? [result.deadLetterId] : [])).sort(),
    ).toEqual(['dl-1', 'dl-2', 'dl-3', 'dl-4']);
  });

  it('splits by bytes', async () => {
    const big = (n: number) => ({ id: `big-${n}`, pad: 'x'.repeat(400) });
    await producer({ maxBatchBytes: 1000 }).publish([big(0), big(1), big(2)]);
    expect(gate.calls.map((call) => (call.body as { events: unknown[] }).events.length)).toEqual([2, 1]);
  });

  it('retries a refused call whole with the same keys, and stores each event once', async () => {
    gate.faults.push({ loseAnswer: true }, { status: 503, code: 'storage_unavailable', retryAfter: '1' });
    const events = [order(1), order(2), order(3, -5)];
    const results = await producer().publish(events);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'invalid']);
    expect(results.map((result) => result.attempts)).toEqual([3, 3, 3]);
    expect(results.slice(0, 2).map((result) => result.status === 'accepted' && result.replayed)).toEqual([
      true,
      true,
    ]);
    expect(sleeps).toEqual([50, 1000]);
    expect([...gate.stored.values()]).toEqual([1, 1]);
    const keysPerCall = gate.calls.map((call) =>
      (call.body as { events: Array<{ idempotencyKey: string }> }).events.map(
        (entry) => entry.idempotencyKey,
      ),
    );
    expect(keysPerCall).toEqual([
      ['evt-1', 'evt-2', 'evt-3'],
      ['evt-1', 'evt-2', 'evt-3'],
      ['evt-1', 'evt-2', 'evt-3'],
    ]);
  });

  it('retries only the entries the gate answered 409 (in flight), with their keys', async () => {
    // another client's request holds evt-1 at the gate, and finishes while this producer backs off
    const held = await gate.store.begin({
      scope: 'batch',
      key: 'evt-1',
      fingerprint: JSON.stringify(order(1)),
      ttlSeconds: 3600,
    });
    if (held.state !== 'acquired') throw new Error('expected to hold evt-1');
    const stored = {
      status: 'accepted',
      httpStatus: 202,
      id: 'ob-other',
      registry: 'shop',
      schema: 's',
      version: 1,
    };
    onSleep = () =>
      void gate.store.complete(held.lease, { status: 200, headers: {}, body: JSON.stringify(stored) });
    const results = await producer().publish([order(1), order(2)]);
    expect(results).toEqual([
      expect.objectContaining({ status: 'accepted', id: 'ob-other', replayed: true, attempts: 2 }),
      expect.objectContaining({ status: 'accepted', replayed: false, attempts: 1 }),
    ]);
    const keysPerCall = gate.calls.map((call) =>
      (call.body as { events: Array<{ idempotencyKey: string }> }).events.map(
        (entry) => entry.idempotencyKey,
      ),
    );
    expect(keysPerCall).toEqual([['evt-1', 'evt-2'], ['evt-1']]);
    expect(sleeps).toEqual([50]);
  });

  it('answers repeated entries from the stored result and does not retry a reused key', async () => {
    const first = producer();
    await first.publish([order(1), order(2)]);
    gate.calls.length = 0;
    // evt-2 again with another payload: the key is reused; evt-9 is new
    const results = await producer().publish([order(1), order(2, 99), order(9)]);
    expect(results).toEqual([
      expect.objectContaining({ status: 'accepted', replayed: true, attempts: 1 }),
      expect.objectContaining({ status: 'failed', errorCode: 'idempotency_key_reused', httpStatus: 422 }),
      expect.objectContaining({ status: 'accepted', replayed: false, attempts: 1 }),
    ]);
    expect(gate.calls).toHaveLength(1);
  });
});

describe('createProducer({ via: "gate" })', () => {
  it('is the gate producer', async () => {
    const viaGate = createProducer({
      via: 'gate',
      url: 'http://gate.test',
      fetch: gate.fetch,
      sleep: async () => {},
    });
    expect(await viaGate.publish([order(1)])).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(gate.calls[0]?.path).toBe('/v1/events');
  });
});
