import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** API keys, stored as the sha256 of the plaintext; the plaintext is shown once, at creation. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The first characters of the key, to tell keys apart in a list. */
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull().unique(),
  scope: text('scope').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
