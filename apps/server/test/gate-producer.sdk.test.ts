/**
 * The SDK's gate producer against the real gate (not a stand-in): keys derived per event reach the outbox, an
 * event whose 202 was lost is stored once, invalid events come back with their dead letter, batches in order.
 */
import { type DatabaseHandle, schema } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { createProducer, type GateProducerOptions } from '@schemagate/sdk';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { badOrder, goodOrder, orderPlacedV1 } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const order = (n: number, valid = true) => ({
  ...(valid ? goodOrder : badOrder),
  id: `order-event-${n}`,
});

describe.each(eachDatabase())('the SDK gate producer against the gate ($name)', (database) => {
  let t: TestApp;
  let handle: DatabaseHandle;
  /** Calls whose answer the "network" drops after the gate handled them. */
  let loseAnswers: number;
  let calls: string[];

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle);
    expect((await t.call('PUT', '/v1/registries/shop', { json: {} })).status).toBe(201);
    const registered = await t.call('POST', '/v1/registries/shop/schemas/orders@OrderPlaced/versions', {
      json: { schema: orderPlacedV1 },
    });
    expect(registered.status).toBe(201);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    loseAnswers = 0;
    calls = [];
  });

  const producer = (overrides: Partial<GateProducerOptions> = {}) =>
    createProducer({
      via: 'gate',
      url: 'http://schemagate.test',
      key: t.keys.validate,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        calls.push(new URL(request.url).pathname);
        const response = await t.app.request(request);
        if (loseAnswers > 0) {
          loseAnswers--;
          throw new TypeError('fetch failed: socket hang up');
        }
        return response;
      },
      sleep: async () => {},
      ...overrides,
    });

  const outboxByKey = (key: string) =>
    handle.db.select().from(schema.outbox).where(eq(schema.outbox.idempotencyKey, key));

  it('sends one event with its id as the key, into the outbox', async () => {
    const [result] = await producer().publish([order(1)], { registry: 'shop' });
    expect(result).toEqual({
      status: 'accepted',
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      registry: 'shop',
      schema: 'orders@OrderPlaced',
      version: 1,
      idempotencyKey: 'order-event-1',
      replayed: false,
      attempts: 1,
    });
    expect(await outboxByKey('order-event-1')).toHaveLength(1);
  });

  it('stores an event once when the gate’s 202 was lost, and says the retry was a replay', async () => {
    loseAnswers = 1;
    const [result] = await producer().publish([order(2)], { registry: 'shop' });
    expect(result).toMatchObject({ status: 'accepted', replayed: true, attempts: 2 });
    expect(calls).toEqual(['/v1/events', '/v1/events']);
    const rows = await outboxByKey('order-event-2');
    expect(rows).toHaveLength(1);
    expect(result?.status === 'accepted' && result.id).toBe(rows[0]!.id);
  });

  it('reports an invalid event with its errors and dead letter, without retrying', async () => {
    const [result] = await producer().publish([order(3, false)], { registry: 'shop' });
    expect(result).toMatchObject({
      status: 'invalid',
      registry: 'shop',
      schema: 'orders@OrderPlaced',
      version: 1,
      deadLetterId: expect.any(String),
      attempts: 1,
    });
    expect(result?.status === 'invalid' && result.errors.map((error) => error.path)).toContain(
      '/detail/orderId',
    );
    expect(calls).toHaveLength(1);
  });

  it('sends many through the batch route in order, each once even when a whole answer is lost', async () => {
    const events = [order(10), order(11, false), order(12), order(13)];
    loseAnswers = 1;
    const results = await producer().publish(events, { registry: 'shop' });
    expect(calls).toEqual(['/v1/events/batch', '/v1/events/batch']);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'invalid', 'accepted', 'accepted']);
    expect(results.map((result) => result.status === 'accepted' && result.replayed)).toEqual([
      true,
      false,
      true,
      true,
    ]);
    for (const n of [10, 12, 13]) expect(await outboxByKey(`order-event-${n}`)).toHaveLength(1);
  });

  it('fails an event no schema matches, without retrying', async () => {
    const [result] = await producer().publish([{ id: 'stray', source: 'nobody', 'detail-type': 'Nothing' }], {
      registry: 'shop',
    });
    expect(result).toMatchObject({
      status: 'failed',
      errorCode: 'no_schema_for_event',
      httpStatus: 404,
      attempts: 1,
    });
  });
});
