import { randomUUID } from 'node:crypto';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { bindingsValidator, createProducer, type PublishResult } from '@schemagate/sdk';
import { type OrderPlaced, type OrderPlacedDetail, schemaBindings } from './generated/index.ts';

/** Where the checkout service runs: the envelope fields EventBridge stamps on every event it delivers. */
export interface BusLocation {
  account: string;
  region: string;
}

/**
 * An `OrderPlaced` event for `detail`. The contract describes the event as consumers receive it, envelope
 * included, so the producer fills in the envelope too and the whole contract is checked before sending.
 * PutEvents only carries `source`, `detail-type`, `detail`, `resources` and `time`; EventBridge stamps
 * its own `id`, `account` and `region` on the way.
 */
export function orderPlaced(detail: OrderPlacedDetail, bus: BusLocation, now = new Date()): OrderPlaced {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'OrderPlaced',
    source: 'com.shop.orders',
    account: bus.account,
    region: bus.region,
    // EventBridge's envelope has whole seconds.
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [],
    detail,
  };
}

/** The checkout service's publisher: only `OrderPlaced` events, each one validated before it is sent. */
export interface CheckoutPublisher {
  /** One result per order, in order: `published` with EventBridge's event id, or `invalid` with the reasons. */
  publishOrders(orders: readonly OrderPlaced[]): Promise<PublishResult[]>;
}

/**
 * Publishes through the SDK's producer, validating with the generated bindings: no registry call on the
 * publish path, and an event the contract refuses never reaches PutEvents.
 */
export function createCheckoutPublisher(options: {
  eventBridge: Pick<EventBridgeClient, 'send'>;
  busName: string;
}): CheckoutPublisher {
  const producer = createProducer({
    eventBridge: options.eventBridge,
    busName: options.busName,
    validator: bindingsValidator(schemaBindings),
  });
  return { publishOrders: (orders) => producer.publish(orders) };
}
