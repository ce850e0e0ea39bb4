import { type EventBridgeClient, PutEventsCommand, ThrottlingException } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/emulator/start-emulator.ts';
import { emulatorEventBridgeClient } from './emulator-client.ts';

const entry = (n: number) => ({
  Source: 'shop.orders',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify({ n }),
});

describe('emulated PutEvents, driven by the real @aws-sdk/client-eventbridge', () => {
  let emulator: RunningEmulator;
  let client: EventBridgeClient;
  beforeEach(async () => {
    emulator = await startEmulator();
    client = emulatorEventBridgeClient(emulator);
  });
  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  it('accepts entries, answers EventIds in order and records what it accepted', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [entry(1), { ...entry(2), EventBusName: 'orders', Resources: ['arn:x'] }],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.map((e) => e.EventId)).toEqual(emulator.state.events.map((e) => e.eventId));
    expect(emulator.state.events.map((e) => [e.eventBusName, e.detail, e.resources])).toEqual([
      ['default', { n: 1 }, []],
      ['orders', { n: 2 }, ['arn:x']],
    ]);
  });

  it('fails the next N entries with the injected code and accepts the rest', async () => {
    emulator.inject.putEvents.failNextEntries(2, 'ThrottlingException');
    const out = await client.send(new PutEventsCommand({ Entries: [entry(1), entry(2), entry(3)] }));
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'ok',
    ]);
    expect(emulator.state.events.map((e) => e.detail)).toEqual([{ n: 3 }]);
  });

  it('fails entries a predicate picks, and malformed entries, per entry', async () => {
    emulator.inject.putEvents.failEntriesWhere((e) => (e.Detail ?? '').includes('"n":2'), 'InternalFailure');
    const out = await client.send(
      new PutEventsCommand({
        Entries: [entry(1), entry(2), { ...entry(3), Detail: '[1]' }, { Source: 's', Detail: '{}' }],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'InternalFailure',
      'MalformedDetail',
      'InvalidArgument',
    ]);
  });

  it('throttles a whole request and refuses more than 10 entries', async () => {
    emulator.inject.putEvents.throttleNextRequests(1);
    await expect(client.send(new PutEventsCommand({ Entries: [entry(1)] }))).rejects.toBeInstanceOf(
      ThrottlingException,
    );
    await expect(client.send(new PutEventsCommand({ Entries: [entry(1)] }))).resolves.toMatchObject({
      FailedEntryCount: 0,
    });
    const tooMany = Array.from({ length: 11 }, (_, i) => entry(i));
    await expect(client.send(new PutEventsCommand({ Entries: tooMany }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(emulator.state.events).toHaveLength(1);
  });

  it('counts the 256 KiB of a call as EventBridge does, over the entries and not the JSON around them', async () => {
    // 10 entries of ~26,000 bytes each: 259,930 bytes counted, ~390,000 on the wire once escaped again
    const detail = JSON.stringify({ text: '\n'.repeat(12_990) });
    const fits = Array.from({ length: 10 }, () => ({ Source: 's', DetailType: 'd', Detail: detail }));
    const counted = fits.reduce((n, e) => n + e.Source.length + e.DetailType.length + e.Detail.length, 0);
    expect(counted).toBeLessThanOrEqual(256 * 1024);
    expect(JSON.stringify({ Entries: fits }).length).toBeGreaterThan(256 * 1024);
    await expect(client.send(new PutEventsCommand({ Entries: fits }))).resolves.toMatchObject({
      FailedEntryCount: 0,
    });
    const over = [...fits.slice(0, 9), { ...fits[0]!, Detail: JSON.stringify({ text: 'x'.repeat(30_000) }) }];
    await expect(client.send(new PutEventsCommand({ Entries: over }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('fails a share of entries and throttles a share of calls at random, and logs every call', async () => {
    const draws = [0.1, 0.9, 0.05, 0.95, 0.9];
    const seeded = await startEmulator({ random: () => draws.shift() ?? 0.99 });
    const seededClient = emulatorEventBridgeClient(seeded);
    try {
      seeded.inject.putEvents.throttleRequestsAtRate(0.2);
      seeded.inject.putEvents.failEntriesAtRate(0.5, 'InternalFailure');
      // draw 0.1 < 0.2: the first call is throttled
      await expect(seededClient.send(new PutEventsCommand({ Entries: [entry(1)] }))).rejects.toBeInstanceOf(
        ThrottlingException,
      );
      // 0.9: not throttled; entries draw 0.05 (fails) and 0.95 (passes)
      const out = await seededClient.send(new PutEventsCommand({ Entries: [entry(2), entry(3)] }));
      expect(out.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual(['InternalFailure', 'ok']);
      expect(
        seeded.state.putEventsCalls.map((c) => [c.throttled, c.entries.map((e) => e.errorCode ?? 'ok')]),
      ).toEqual([
        [true, []],
        [false, ['InternalFailure', 'ok']],
      ]);
      expect(seeded.state.putEventsCalls[1]!.entries[1]!.eventId).toBe(seeded.state.events[0]!.eventId);
    } finally {
      seededClient.destroy();
      await seeded.close();
    }
  });

  it('holds its answers back when told to, with the events already in', async () => {
    emulator.inject.putEvents.delayResponses(300);
    const started = Date.now();
    const sent = client.send(new PutEventsCommand({ Entries: [entry(1)] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emulator.state.events).toHaveLength(1);
    await sent;
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    emulator.inject.putEvents.clear();
    expect(emulator.inject.putEvents.responseDelayMs).toBe(0);
  });
});
