import { EventBridgeClient, PutEventsCommand, ThrottlingException } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/emulator/start-emulator.ts';

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
    client = new EventBridgeClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
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
});
