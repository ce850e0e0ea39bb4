import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { compatibilityModes, compatibilityPolicies, oneOf } from './allowed-values.ts';

/** A namespace of schemas; mirrors one EventBridge registry. */
export const registries = pgTable(
  'registries',
  {
    name: text('name').primaryKey(),
    description: text('description'),
    compatibility: text('compatibility').notNull().default('BACKWARD'),
    policy: text('policy').notNull().default('strict'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('registries_compatibility_check', oneOf(t.compatibility, compatibilityModes)),
    check('registries_policy_check', oneOf(t.policy, compatibilityPolicies)),
  ],
);
