import { check, doublePrecision, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { keyScopes, oneOf } from './allowed-values.ts';

/** API keys, stored as the sha256 of the plaintext; the plaintext is shown once, at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The first characters of the key: not secret, shown in lists, and how a presented key is found. */
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull().unique(),
    scope: text('scope').notNull(),
    /** The registries the key may reach; null: every registry. */
    registries: text('registries').array(),
    /** The key's own token bucket (sustained requests per second and burst); null: the server's defaults. */
    rateLimitPerSecond: doublePrecision('rate_limit_per_second'),
    rateLimitBurst: integer('rate_limit_burst'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Coarse: written at most once a minute per key, so a busy key does not turn every request into a write. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [check('api_keys_scope_check', oneOf(t.scope, keyScopes))],
);
