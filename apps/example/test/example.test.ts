import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type RunningEmulator, startEmulator } from '@schemagate/eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type RegistryConnection } from '../src/registry.ts';
import { acceptedOrders, buggyOrder } from '../src/sample-events.ts';
import { generateShopBindings, SHOP_BINDINGS_DIR } from '../src/shop-bindings.ts';
import { runShopFlow, type ShopFlowOutcome } from '../src/shop-flow.ts';

const bus = { account: '123456789012', region: 'eu-central-1' };

let registry: RegistryConnection;
let emulator: RunningEmulator;
let eventBridge: EventBridgeClient;
/** Every PutEvents entry that left the process, as the AWS SDK was about to send it. */
const onTheWire: PutEventsRequestEntry[] = [];

beforeAll(async () => {
  [registry, emulator] = await Promise.all([openRegistry(), startEmulator({ region: bus.region })]);
  eventBridge = new EventBridgeClient({
    endpoint: emulator.url,
    region: bus.region,
    credentials: { accessKeyId: 'example', secretAccessKey: 'example' },
    maxAttempts: 1,
  });
  eventBridge.middlewareStack.add(
    (next) => async (args) => {
      onTheWire.push(...((args.input as { Entries?: PutEventsRequestEntry[] }).Entries ?? []));
      return next(args);
    },
    { step: 'initialize' },
  );
}, 60_000);

afterAll(async () => {
  eventBridge?.destroy();
  await Promise.all([emulator?.close(), registry?.close()]);
});

describe('the committed bindings', () => {
  it('are exactly what codegen makes from the registry seeded with schemas/ (else: pnpm --filter @schemagate/example generate)', async () => {
    const files = await generateShopBindings(registry);
    const committed = (await readdir(SHOP_BINDINGS_DIR)).sort();
    expect(committed).toEqual(files.map((file) => file.path).sort());
    for (const file of files) {
      expect(await readFile(join(SHOP_BINDINGS_DIR, file.path), 'utf8'), file.path).toBe(file.contents);
    }
  });
});

describe('producer and consumer end to end', () => {
  let outcome: ShopFlowOutcome;
  beforeAll(async () => {
    outcome = await runShopFlow({
      eventBridge,
      busName: 'shop',
      bus,
      acceptedEvents: () => emulator.state.events,
    });
  });

  it('publishes the valid orders and refuses the buggy one before it reaches the wire', () => {
    expect(outcome.published.map(({ orderId, result }) => [orderId, result.status])).toEqual([
      [acceptedOrders[0]!.orderId, 'published'],
      [acceptedOrders[1]!.orderId, 'published'],
      [buggyOrder.orderId, 'invalid'],
    ]);
    const refused = outcome.published[2]!.result;
    expect(refused).toMatchObject({ status: 'invalid', schema: 'com.shop.orders@OrderPlaced', version: 1 });
    expect(refused.status === 'invalid' && refused.errors.map((error) => error.path)).toEqual([
      '/detail/lines/0/quantity',
      '/detail/lines/0/unitPrice/currency',
    ]);

    // 2 from checkout + 3 unchecked, and the buggy order in none of the calls
    expect(onTheWire).toHaveLength(5);
    expect(onTheWire.map((entry) => JSON.parse(entry.Detail!).orderId)).not.toContain(buggyOrder.orderId);
    expect(outcome.accepted).toHaveLength(5);
    const checkoutIds = outcome.published.flatMap(({ result }) =>
      result.status === 'published' ? [result.eventId] : [],
    );
    expect(outcome.accepted.slice(0, 2).map((event) => event.eventId)).toEqual(checkoutIds);
  });

  it('hands typed events to the handlers once each and rejects what breaks or lacks a contract', () => {
    expect(outcome.consumed.map((consumed) => consumed.status)).toEqual([
      'processed',
      'processed',
      'processed',
      'rejected',
      'rejected',
      'duplicate',
    ]);
    const [brokenOrder, unknownEvent] = outcome.consumed.filter((consumed) => consumed.status === 'rejected');
    expect(brokenOrder).toMatchObject({
      rejection: { reason: 'invalid', schema: 'com.shop.orders@OrderPlaced', version: 1 },
    });
    expect(brokenOrder?.status === 'rejected' && brokenOrder.rejection.errors).toEqual([
      expect.objectContaining({ path: '/detail/total', keyword: 'type' }),
    ]);
    expect(unknownEvent).toMatchObject({ rejection: { reason: 'unrouted', errors: [] } });

    // The redelivered first event is recognised by the id EventBridge gave it.
    const first = outcome.consumed[0]!;
    expect(outcome.consumed[5]).toEqual({ ...first, status: 'duplicate' });
    expect(outcome.handledOrders.map((order) => order.detail.orderId)).toEqual(
      acceptedOrders.map((order) => order.orderId),
    );
    expect(outcome.handledOrders.map((order) => order.id)).toEqual(
      outcome.accepted.slice(0, 2).map((event) => event.eventId),
    );
    expect(outcome.handledOrders[0]!.detail.total).toEqual({ amount: 4997, currency: 'EUR' });
    expect(outcome.handledPaymentFailures.map((failure) => failure.detail)).toEqual([
      expect.objectContaining({ paymentId: 'pay_Q8wErT5yUi0p', reason: 'card_declined' }),
    ]);
  });
});
