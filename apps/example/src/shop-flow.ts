import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AcceptedEvent } from '@schemagate/eventbridge';
import type { PublishResult } from '@schemagate/sdk';
import { deliveredMessage } from './bus-delivery.ts';
import { type ConsumeOutcome, createShopConsumer } from './consumer.ts';
import type { OrderPlaced, PaymentFailed } from './generated/index.ts';
import { type BusLocation, createCheckoutPublisher, orderPlaced } from './producer.ts';
import { acceptedOrders, buggyOrder, uncheckedEvents } from './sample-events.ts';
import { publishUnchecked } from './unchecked-publisher.ts';

/** Where the flow publishes and what it reads back. */
export interface ShopFlowOptions {
  eventBridge: Pick<EventBridgeClient, 'send'>;
  busName: string;
  bus: BusLocation;
  /** The events the bus accepted so far, in arrival order (the emulator's record). */
  acceptedEvents: () => readonly AcceptedEvent[];
}

/** Everything that happened, for printing or asserting on. */
export interface ShopFlowOutcome {
  /** Checkout's orders and what became of each. */
  published: Array<{ orderId: string; result: PublishResult }>;
  /** Events the bus accepted, from checkout and from the unchecked publishers. */
  accepted: AcceptedEvent[];
  /** Every delivery the consumer saw, redeliveries included, in order. */
  consumed: ConsumeOutcome[];
  /** What the handlers received, typed. */
  handledOrders: OrderPlaced[];
  handledPaymentFailures: PaymentFailed[];
}

/**
 * The example from end to end: checkout publishes typed `OrderPlaced` events through the validating
 * producer (one of them is refused), other services publish without checks, and the consumer receives
 * everything the bus accepted, the first event twice, as EventBridge's at-least-once delivery allows.
 */
export async function runShopFlow(options: ShopFlowOptions): Promise<ShopFlowOutcome> {
  const checkout = createCheckoutPublisher({ eventBridge: options.eventBridge, busName: options.busName });
  const orders = [...acceptedOrders, buggyOrder].map((detail) => orderPlaced(detail, options.bus));
  const results = await checkout.publishOrders(orders);
  const published = orders.map((order, index) => ({
    orderId: order.detail.orderId,
    result: results[index]!,
  }));

  await publishUnchecked(options.eventBridge, options.busName, uncheckedEvents);

  const accepted = options.acceptedEvents().filter((event) => event.eventBusName === options.busName);
  const handledOrders: OrderPlaced[] = [];
  const handledPaymentFailures: PaymentFailed[] = [];
  const consumer = createShopConsumer({
    orderPlaced: (event) => {
      handledOrders.push(event);
    },
    paymentFailed: (event) => {
      handledPaymentFailures.push(event);
    },
  });
  const deliveries = accepted.map((event) => deliveredMessage(event, options.bus));
  const consumed: ConsumeOutcome[] = [];
  for (const message of [...deliveries, ...deliveries.slice(0, 1)]) {
    consumed.push(await consumer.consume(message));
  }
  return { published, accepted, consumed, handledOrders, handledPaymentFailures };
}
