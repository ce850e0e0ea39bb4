import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { compatibilityModes, compatibilityPolicies, deadLetterPolicies, oneOf } from './allowed-values.ts';

/** A namespace of schemas; mirrors one EventBridge registry. */
export const registries = pgTable(
  'registries',
  {
    name: text('name').primaryKey(),
    description: text('description'),
    compatibility: text('compatibility').notNull().default('BACKWARD'),
    policy: text('policy').notNull().default('strict'),
    /** Whether the gate keeps an event that breaks its schema in dead letters (`keep`) or only refuses it. */
    deadLetters: text('dead_letters').notNull().default('keep'),
    /** A JSON Pointer into the event (such as `/id`) whose value is the idempotency key when no header names one. */
    idempotencyKeyPointer: text('idempotency_key_pointer'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('registries_compatibility_check', oneOf(t.compatibility, compatibilityModes)),
    check('registries_policy_check', oneOf(t.policy, compatibilityPolicies)),
    check('registries_dead_letters_check', oneOf(t.deadLetters, deadLetterPolicies)),
  ],
);
