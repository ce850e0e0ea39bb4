import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { deadLetterReasons, oneOf } from './allowed-values.ts';

/**
 * Events kept aside: refused at the gate for breaking their schema (`invalid`), or given up on by the forwarder
 * after its last attempt (`forward_failed`). A replay re-validates one and moves it to the outbox.
 */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    reason: text('reason').notNull(),
    registry: text('registry').notNull(),
    /** Null when the event could not be routed to a schema. */
    schema: text('schema'),
    version: integer('version'),
    /** The event's JSON text exactly as received. */
    event: text('event').notNull(),
    /** The validation errors (`[]` when there were none, as for a failed forward). */
    errors: jsonb('errors').notNull().default([]),
    idempotencyKey: text('idempotency_key'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('dead_letters_reason_check', oneOf(t.reason, deadLetterReasons)),
    index('dead_letters_listing_idx').on(t.registry, t.schema, t.reason, t.createdAt, t.id),
    index('dead_letters_created_idx').on(t.createdAt, t.id),
  ],
);
