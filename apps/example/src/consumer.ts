import { createEventParser, type EventRejection } from '@schemagate/sdk';
import { type OrderPlaced, type PaymentFailed, type SchemaName, schemaBindings } from './generated/index.ts';

/** What the shop's fulfilment service does with each kind of event; each handler sees a typed event. */
export interface ShopEventHandlers {
  orderPlaced(event: OrderPlaced): void | Promise<void>;
  paymentFailed(event: PaymentFailed): void | Promise<void>;
}

/** What became of one delivered message. */
export type ConsumeOutcome =
  | { status: 'processed'; eventId: string; schema: SchemaName }
  /** Already processed under this event id: a redelivery, skipped. */
  | { status: 'duplicate'; eventId: string; schema: SchemaName }
  /** Not JSON, no contract for it, or it breaks its contract: set aside with the reasons, never handled. */
  | { status: 'rejected'; rejection: EventRejection };

/** A consumer of the shop bus. */
export interface ShopConsumer {
  consume(message: string | Uint8Array): Promise<ConsumeOutcome>;
}

/**
 * Parses each message with the generated bindings and hands the typed event to its handler, once per
 * event id. EventBridge delivers at least once, so the same event can arrive again.
 *
 * The ids live in memory here, which is enough for one process; a service with replicas or restarts
 * keeps them in a shared store instead.
 */
export function createShopConsumer(handlers: ShopEventHandlers): ShopConsumer {
  const parse = createEventParser(schemaBindings);
  const processedIds = new Set<string>();

  async function handle(parsed: Exclude<ReturnType<typeof parse>, EventRejection>): Promise<void> {
    switch (parsed.schema) {
      case 'com.shop.orders@OrderPlaced':
        return handlers.orderPlaced(parsed.event);
      case 'com.shop.payments@PaymentFailed':
        return handlers.paymentFailed(parsed.event);
      default: {
        // A schema added to the generated set without a handler fails to compile here.
        const unhandled: never = parsed;
        throw new Error(`no handler for ${JSON.stringify(unhandled)}`);
      }
    }
  }

  return {
    async consume(message) {
      const parsed = parse(message);
      if (!parsed.ok) return { status: 'rejected', rejection: parsed };
      const eventId = parsed.event.id;
      if (processedIds.has(eventId)) return { status: 'duplicate', eventId, schema: parsed.schema };
      await handle(parsed);
      // Marked only once handled: a handler that throws leaves the event to be processed on redelivery.
      processedIds.add(eventId);
      return { status: 'processed', eventId, schema: parsed.schema };
    },
  };
}
