import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/start-emulator.ts';
import {
  createForwarder,
  type ForwarderOptions,
  type ForwarderOutbox,
  type OutboxEvent,
} from '../src/forward/index.ts';
import { emulatorEventBridgeClient } from './emulator-client.ts';

/** The outbox's contract in memory (the Postgres one is tested in @schemagate/db): leases, delays, dead letters. */
class MemoryOutbox implements ForwarderOutbox {
  readonly rows = new Map<string, { row: OutboxEvent; availableAt: number; lastError?: string }>();
  readonly dead: Array<{ id: string; error: string; attempts: number }> = [];
  readonly delays: Array<{ attempts: number; delayMs: number }> = [];
  private next = 0;

  add(event: unknown, where: { registry?: string; schema?: string; text?: string } = {}): string {
    const id = `evt_${String(this.next++).padStart(5, '0')}`;
    const row: OutboxEvent = {
      id,
      registry: where.registry ?? 'shop',
      schema: where.schema ?? 'orders',
      event: where.text ?? JSON.stringify(event),
      attempts: 0,
      createdAt: new Date('2026-01-02T03:04:05Z'),
    };
    this.rows.set(id, { row, availableAt: 0 });
    return id;
  }

  async claim(limit: number, leaseMs: number) {
    const now = Date.now();
    const due = [...this.rows.values()]
      .filter((r) => r.availableAt <= now)
      .sort((a, b) => a.availableAt - b.availableAt || (a.row.id < b.row.id ? -1 : 1))
      .slice(0, limit);
    for (const r of due) {
      r.availableAt = now + leaseMs;
      r.row = { ...r.row, attempts: r.row.attempts + 1 };
    }
    return due.map((r) => r.row);
  }
  async markForwarded(ids: readonly string[]) {
    for (const id of ids) this.rows.delete(id);
  }
  async reschedule(items: ReadonlyArray<{ id: string; error: string; delayMs: number }>) {
    for (const item of items) {
      const r = this.rows.get(item.id)!;
      this.delays.push({ attempts: r.row.attempts, delayMs: item.delayMs });
      r.availableAt = Date.now() + item.delayMs;
      r.lastError = item.error;
    }
  }
  async moveToDeadLetters(items: ReadonlyArray<{ id: string; error: string }>) {
    for (const item of items) {
      const r = this.rows.get(item.id)!;
      this.dead.push({ id: item.id, error: item.error, attempts: r.row.attempts });
      this.rows.delete(item.id);
    }
  }
}

const envelope = (n: number, detail: Record<string, unknown> = {}) => ({
  source: 'com.shop.orders',
  'detail-type': 'OrderPlaced',
  detail: { n, ...detail },
});

describe('the forwarder, against the loopback EventBridge', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let client: EventBridgeClient;
  let outbox: MemoryOutbox;
  const counted = { forwarded: 0, failed: 0, dead: 0 };
  const forwarder = (options: Partial<ForwarderOptions> = {}) =>
    createForwarder({
      outbox,
      client,
      eventBus: 'shop-bus',
      backoff: { baseMs: 1, maxMs: 4 },
      idleDelayMs: 5,
      metrics: {
        forwarded: (n) => {
          counted.forwarded += n;
        },
        failedEntries: (n) => {
          counted.failed += n;
        },
        deadLettered: (n) => {
          counted.dead += n;
        },
      },
      ...options,
    });
  /** Runs claims until nothing is left, waiting out the (millisecond) backoffs. */
  async function drain(f = forwarder()) {
    for (let i = 0; i < 500 && outbox.rows.size > 0; i++) {
      if ((await f.forwardOnce()) === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(outbox.rows.size).toBe(0);
  }

  beforeEach(async () => {
    emulator = await startEmulator();
    client = emulatorEventBridgeClient(emulator);
    outbox = new MemoryOutbox();
    Object.assign(counted, { forwarded: 0, failed: 0, dead: 0 });
  });
  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  it('sends each kind of event as its entry and deletes what EventBridge took', async () => {
    outbox.add({ ...envelope(1), time: '2026-03-04T05:06:07Z', resources: ['arn:aws:shop:order/1'] });
    const cloudEvent =
      '{"specversion":"1.0","id":"ce-1","source":"/shop","type":"order.placed","subject":"o-1"}';
    outbox.add(undefined, { text: cloudEvent });
    outbox.add(undefined, { registry: 'billing', schema: 'invoice', text: '{"invoice": 7}' });
    await drain();
    expect(
      emulator.state.events.map((e) => [
        e.eventBusName,
        e.source,
        e.detailType,
        e.detail,
        e.resources,
        e.time,
      ]),
    ).toEqual([
      ['shop-bus', 'com.shop.orders', 'OrderPlaced', { n: 1 }, ['arn:aws:shop:order/1'], 1772600767],
      ['shop-bus', '/shop', 'order.placed', JSON.parse(cloudEvent), [], 1767323045],
      ['shop-bus', 'schemagate.billing', 'invoice', { invoice: 7 }, [], 1767323045],
    ]);
    expect(counted).toEqual({ forwarded: 3, failed: 0, dead: 0 });
  });

  it("sends an envelope's detail as it was accepted, digits past a double's kept", async () => {
    const text = '{"source":"s","detail-type":"d","detail":{"id": 12345678901234567890}}';
    outbox.add(undefined, { text });
    await drain();
    expect(emulator.state.putEventsCalls.flatMap((c) => c.entries.map((e) => e.entry.Detail))).toEqual([
      '{"id": 12345678901234567890}',
    ]);
  });

  it('packs claims into calls of at most 10 entries and 256 KiB', async () => {
    for (let i = 0; i < 35; i++) outbox.add(envelope(i));
    // 100 KB each: two to a call
    for (let i = 0; i < 5; i++) outbox.add(envelope(100 + i, { pad: 'x'.repeat(100_000) }));
    await drain(forwarder({ claimBatch: 40 }));
    // in claim order: 10, 10, 10, then 5 small and 2 big (a third would pass 256 KiB), 2 big, 1 big; the calls
    // run side by side, so they arrive in any order
    const sizes = emulator.state.putEventsCalls.map((c) => c.entries.length).sort((a, b) => a - b);
    expect(sizes).toEqual([1, 2, 7, 10, 10, 10]);
    for (const call of emulator.state.putEventsCalls) {
      const bytes = call.entries.reduce((n, e) => n + (e.entry.Detail?.length ?? 0), 0);
      expect(bytes).toBeLessThanOrEqual(256 * 1024);
    }
    const bigPerCall = emulator.state.putEventsCalls
      .map((c) => c.entries.filter((e) => (e.entry.Detail?.length ?? 0) > 100_000).length)
      .filter((n) => n > 0)
      .sort();
    expect(bigPerCall).toEqual([1, 2, 2]);
    expect(emulator.state.events.map((e) => (e.detail as { n: number }).n).sort((a, b) => a - b)).toEqual([
      ...Array.from({ length: 35 }, (_, i) => i),
      100,
      101,
      102,
      103,
      104,
    ]);
  });

  it('retries failed entries and throttled calls with full-jitter backoff until every event is in, once', async () => {
    for (let i = 0; i < 30; i++) outbox.add(envelope(i));
    emulator.inject.putEvents.failNextEntries(7, 'ThrottlingException');
    emulator.inject.putEvents.failNextEntries(3, 'InternalFailure');
    emulator.inject.putEvents.throttleNextRequests(4);
    await drain(forwarder({ backoff: { baseMs: 2, maxMs: 16 } }));
    const ns = emulator.state.events.map((e) => (e.detail as { n: number }).n);
    expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(outbox.dead).toEqual([]);
    expect(counted.forwarded).toBe(30);
    expect(counted.failed).toBeGreaterThanOrEqual(10);
    // each delay within its full-jitter window: [0, min(max, base * 2^(attempts - 1)))
    expect(outbox.delays.length).toBeGreaterThanOrEqual(10);
    for (const { attempts, delayMs } of outbox.delays) {
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThan(Math.min(16, 2 * 2 ** (attempts - 1)));
    }
  });

  it('moves an event to dead letters with its last error after maxAttempts', async () => {
    const stuck = outbox.add(envelope(1, { stuck: true }));
    outbox.add(envelope(2));
    emulator.inject.putEvents.failEntriesWhere((e) => (e.Detail ?? '').includes('stuck'), 'InternalFailure');
    await drain(forwarder({ maxAttempts: 3 }));
    expect(outbox.dead).toEqual([
      {
        id: stuck,
        attempts: 3,
        error: 'InternalFailure: Injected InternalFailure (gave up after 3 attempts)',
      },
    ]);
    expect(emulator.state.events.map((e) => e.detail)).toEqual([{ n: 2 }]);
    expect(counted).toMatchObject({ forwarded: 1, failed: 3, dead: 1 });
  });

  it('dead-letters at once what EventBridge refuses for its content, and what can never be sent', async () => {
    const refused = outbox.add(envelope(1, { refuse: true }));
    const huge = outbox.add(envelope(2, { pad: 'x'.repeat(300_000) }));
    const array = outbox.add(undefined, { text: '[1, 2]' });
    outbox.add(envelope(3));
    emulator.inject.putEvents.failEntriesWhere(
      (e) => (e.Detail ?? '').includes('refuse'),
      'InvalidArgument',
      'bad',
    );
    await drain();
    expect(outbox.dead.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { id: refused, attempts: 1, error: 'InvalidArgument: bad' },
      {
        id: huge,
        attempts: 1,
        error: expect.stringMatching(
          /^cannot be sent to EventBridge: the EventBridge entry would be 3000\d\d bytes; one PutEvents call takes at most 262144/,
        ),
      },
      {
        id: array,
        attempts: 1,
        error: 'cannot be sent to EventBridge: EventBridge takes only a JSON object as an event',
      },
    ]);
    // the huge one never went out
    const sent = emulator.state.putEventsCalls.flatMap((c) => c.entries.map((e) => e.entry.Detail ?? ''));
    expect(sent.some((d) => d.length > 256 * 1024)).toBe(false);
    expect(emulator.state.events.map((e) => e.detail)).toEqual([{ n: 3 }]);
  });

  it('keeps retrying a call refused as a whole, as long as attempts remain', async () => {
    outbox.add(envelope(1));
    emulator.inject.putEvents.throttleNextRequests(100);
    const errors: string[] = [];
    const f = forwarder({ maxAttempts: 4, log: { info: () => {}, error: (m) => errors.push(m) } });
    await drain(f);
    expect(outbox.dead).toEqual([
      {
        id: expect.any(String),
        attempts: 4,
        error: 'ThrottlingException: Rate exceeded (gave up after 4 attempts)',
      },
    ]);
    // one log line for the kind of failure, not one per call
    expect(errors).toEqual(['forwarder: a PutEvents call failed; its events will be tried again']);
  });

  it('runs as a loop, forwarding what arrives, and stop() waits for the call in flight and its ack', async () => {
    const f = forwarder();
    f.start();
    f.start();
    outbox.add(envelope(1));
    for (let i = 0; i < 200 && emulator.state.events.length < 1; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(emulator.state.events).toHaveLength(1);

    emulator.inject.putEvents.delayResponses(300);
    outbox.add(envelope(2));
    for (let i = 0; i < 200 && emulator.state.events.length < 2; i++)
      await new Promise((r) => setTimeout(r, 5));
    // the event is in EventBridge, its answer is not back yet
    expect(outbox.rows.size).toBe(1);
    const started = Date.now();
    await f.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    // acknowledged before stop() returned: a restart sends nothing twice
    expect(outbox.rows.size).toBe(0);
    outbox.add(envelope(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(emulator.state.events).toHaveLength(2);
  });

  it('claims at once when woken, instead of after the idle wait, also when woken during a claim that found nothing', async () => {
    let claims = 0;
    let duringClaim: (() => void) | undefined;
    const watched: ForwarderOutbox = {
      claim: async (limit, lease) => {
        claims++;
        const rows = await outbox.claim(limit, lease);
        // a row committed after this claim looked, and its wake-up, arrive before the claim answers
        duringClaim?.();
        duringClaim = undefined;
        return rows;
      },
      markForwarded: (ids) => outbox.markForwarded(ids),
      reschedule: (items) => outbox.reschedule(items),
      moveToDeadLetters: (items) => outbox.moveToDeadLetters(items),
    };
    const f = forwarder({ outbox: watched, idleDelayMs: 60_000 });
    const arrived = async (count: number) => {
      const started = Date.now();
      for (let i = 0; i < 400 && emulator.state.events.length < count; i++)
        await new Promise((r) => setTimeout(r, 2));
      expect(emulator.state.events).toHaveLength(count);
      return Date.now() - started;
    };
    f.start();
    for (let i = 0; i < 100 && claims < 1; i++) await new Promise((r) => setTimeout(r, 2));
    // idle now, for a minute unless woken
    outbox.add(envelope(1));
    f.wake();
    expect(await arrived(1)).toBeLessThan(1000);

    await new Promise((r) => setTimeout(r, 20));
    const before = claims;
    duringClaim = () => {
      outbox.add(envelope(2));
      f.wake();
    };
    f.wake();
    expect(await arrived(2)).toBeLessThan(1000);
    expect(claims).toBeGreaterThanOrEqual(before + 2);
    await f.stop();
  });

  it('survives an outbox that fails, and says so once', async () => {
    const errors: string[] = [];
    const infos: string[] = [];
    let failures = 3;
    const flaky: ForwarderOutbox = {
      claim: (limit, lease) =>
        failures-- > 0 ? Promise.reject(new Error('connection refused')) : outbox.claim(limit, lease),
      markForwarded: (ids) => outbox.markForwarded(ids),
      reschedule: (items) => outbox.reschedule(items),
      moveToDeadLetters: (items) => outbox.moveToDeadLetters(items),
    };
    outbox.add(envelope(1));
    const f = forwarder({
      outbox: flaky,
      idleDelayMs: 2,
      log: { info: (m) => infos.push(m), error: (m) => errors.push(m) },
    });
    f.start();
    for (let i = 0; i < 400 && emulator.state.events.length < 1; i++)
      await new Promise((r) => setTimeout(r, 5));
    await f.stop();
    expect(emulator.state.events).toHaveLength(1);
    expect(errors).toEqual(['forwarder: the outbox is unavailable; retrying']);
    expect(infos).toEqual(['forwarder: the outbox answers again']);
  });
});
