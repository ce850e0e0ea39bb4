import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type RunningEmulator, startEmulator } from '@schemagate/eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventValidator } from '../validator/event-validator.ts';
import { createProducer } from './create-producer.ts';

/** Valid unless the detail says otherwise; stands in for a registry-backed validator. */
const validator: EventValidator = {
  validate(event) {
    const detail = (event as { detail?: { amount?: unknown } }).detail;
    return typeof detail?.amount === 'number' && detail.amount >= 0
      ? { valid: true, registry: 'shop', schema: 'shop@OrderPlaced', version: 1, errors: [] }
      : {
          valid: false,
          registry: 'shop',
          schema: 'shop@OrderPlaced',
          version: 1,
          errors: [
            { path: '/detail/amount', keyword: 'minimum', message: 'must be >= 0', schemaPath: '#/x' },
          ],
        };
  },
};

function order(n: number, amount = n) {
  return { source: 'shop', 'detail-type': 'OrderPlaced', detail: { n, amount } };
}

let emulator: RunningEmulator;
let sentCalls: PutEventsRequestEntry[][];
let eventBridge: EventBridgeClient;
const sleeps: number[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  eventBridge = new EventBridgeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  // Records what reached the wire, call by call.
  eventBridge.middlewareStack.add(
    (next) => async (args) => {
      sentCalls.push(
        ((args.input as { Entries?: PutEventsRequestEntry[] }).Entries ?? []).map((e) => ({ ...e })),
      );
      return next(args);
    },
    { step: 'initialize' },
  );
});
afterAll(async () => {
  eventBridge.destroy();
  await emulator.close();
});
beforeEach(() => {
  sentCalls = [];
  sleeps.length = 0;
  emulator.state.events.length = 0;
  emulator.inject.putEvents.clear();
});

function producer(overrides: Partial<Parameters<typeof createProducer>[0]> = {}) {
  return createProducer({
    eventBridge,
    busName: 'shop-bus',
    validator,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

const details = (entries: PutEventsRequestEntry[]) => entries.map((e) => JSON.parse(e.Detail!).n);

describe('createProducer against the EventBridge emulator', () => {
  it('batches by 10, sends only valid events, and answers in input order', async () => {
    const events = Array.from({ length: 14 }, (_, n) => order(n, n === 3 || n === 11 ? -1 : n));
    const results = await producer().publish(events);

    expect(results.map((r) => r.status)).toEqual(
      events.map((e) => (e.detail.amount < 0 ? 'invalid' : 'published')),
    );
    expect(sentCalls.map((call) => call.length)).toEqual([10, 2]);
    expect(sentCalls.flat().map((e) => JSON.parse(e.Detail!).n)).not.toContain(3);
    expect(emulator.state.events.map((e) => (e.detail as { n: number }).n)).toEqual([
      0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13,
    ]);
    expect(emulator.state.events.every((e) => e.eventBusName === 'shop-bus')).toBe(true);
    const invalid = results[3];
    expect(invalid).toMatchObject({ status: 'invalid', schema: 'shop@OrderPlaced', version: 1 });
    expect(invalid?.status === 'invalid' && invalid.errors[0]?.path).toBe('/detail/amount');
    const published = results[0];
    expect(published?.status === 'published' && published.eventId).toBe(emulator.state.events[0]?.eventId);
  });

  it('retries only the throttled entries, with full-jitter backoff', async () => {
    emulator.inject.putEvents.failEntriesWhere(
      (entry) => JSON.parse(entry.Detail!).n === 2,
      'ThrottlingException',
    );
    emulator.inject.putEvents.failEntriesWhere(
      (entry) => JSON.parse(entry.Detail!).n === 4,
      'InternalFailure',
    );
    let throttledLeft = 2;
    const results = await producer({
      sleep: async (ms) => {
        sleeps.push(ms);
        // EventBridge recovers after two retries.
        if (--throttledLeft === 0) emulator.inject.putEvents.clear();
      },
    }).publish([0, 1, 2, 3, 4].map((n) => order(n)));

    expect(sentCalls.map(details)).toEqual([
      [0, 1, 2, 3, 4],
      [2, 4],
      [2, 4],
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'published',
      'published',
      'published',
      'published',
      'published',
    ]);
    expect(results.map((r) => (r.status === 'published' ? r.attempts : 0))).toEqual([1, 1, 3, 1, 3]);
    // random() = 0.5: half of 100 ms, then half of 200 ms.
    expect(sleeps).toEqual([50, 100]);
    expect(emulator.state.events).toHaveLength(5);
  });

  it('does not retry an entry EventBridge refuses for good, and stops after maxAttempts', async () => {
    emulator.inject.putEvents.failEntriesWhere(
      (entry) => JSON.parse(entry.Detail!).n === 0,
      'InvalidArgument',
      'no',
    );
    emulator.inject.putEvents.failEntriesWhere(
      (entry) => JSON.parse(entry.Detail!).n === 1,
      'ThrottlingException',
    );
    const results = await producer({ maxAttempts: 3 }).publish([order(0), order(1), order(2)]);

    expect(results).toEqual([
      { status: 'failed', errorCode: 'InvalidArgument', errorMessage: 'no', attempts: 1 },
      {
        status: 'failed',
        errorCode: 'ThrottlingException',
        errorMessage: 'Injected ThrottlingException',
        attempts: 3,
      },
      expect.objectContaining({ status: 'published', attempts: 1 }),
    ]);
    expect(sentCalls.map(details)).toEqual([[0, 1, 2], [1], [1]]);
  });

  it('splits batches by size and never sends an entry over the limit', async () => {
    const big = (n: number) => ({ ...order(n), detail: { n, amount: 1, pad: 'x'.repeat(400) } });
    const results = await producer({ maxBytes: 1000 }).publish([
      big(0),
      big(1),
      big(2),
      { ...order(3), detail: { n: 3, amount: 1, pad: 'x'.repeat(2000) } },
    ]);
    expect(sentCalls.map(details)).toEqual([[0, 1], [2]]);
    expect(results[3]).toMatchObject({ status: 'failed', errorCode: 'EntryTooLarge', attempts: 0 });
  });

  it('sends nothing when the validator cannot answer', async () => {
    const results = await producer({
      validator: {
        validate: () => {
          throw new Error('registry unreachable and no snapshot');
        },
      },
    }).publish([order(0)]);
    expect(results).toEqual([
      {
        status: 'failed',
        errorCode: 'ValidationUnavailable',
        errorMessage: 'registry unreachable and no snapshot',
        attempts: 0,
      },
    ]);
    expect(sentCalls).toEqual([]);
  });
});
