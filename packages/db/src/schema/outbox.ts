import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Accepted events on their way to EventBridge: written in the transaction that answers 202, claimed by the
 * forwarders with `FOR UPDATE SKIP LOCKED`, deleted once forwarded. Claiming pushes `available_at` forward by
 * the lease, so a row held by a process that died becomes claimable again when the lease runs out.
 */
export const outbox = pgTable(
  'outbox',
  {
    /** Sortable: the time of acceptance comes first. */
    id: text('id').primaryKey(),
    registry: text('registry').notNull(),
    schema: text('schema').notNull(),
    version: integer('version').notNull(),
    /** The event's JSON text exactly as accepted, so what is forwarded is what the producer sent. */
    event: text('event').notNull(),
    idempotencyKey: text('idempotency_key'),
    attempts: integer('attempts').notNull().default(0),
    /** When the row may be claimed: now for a new row, the end of a lease, or the end of a backoff. */
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outbox_available_at_idx').on(t.availableAt), index('outbox_created_at_idx').on(t.createdAt)],
);
