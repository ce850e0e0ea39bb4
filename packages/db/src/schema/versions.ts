import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { oneOf, schemaFormats, versionStates } from './allowed-values.ts';
import { schemas } from './schemas.ts';

/**
 * An immutable version of a schema. `content` is `json`, not `jsonb`, so a document reads back with the key
 * order and spelling it was registered with.
 */
export const versions = pgTable(
  'versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    schemaId: bigint('schema_id', { mode: 'number' })
      .notNull()
      .references(() => schemas.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    format: text('format').notNull(),
    dialect: text('dialect').notNull(),
    fingerprint: text('fingerprint').notNull(),
    content: json('content').notNull(),
    /** The document's `$id` (draft-04: `id`), which absolute `$ref`s in the same registry resolve against. */
    schemaUri: text('schema_uri'),
    state: text('state').notNull().default('active'),
    metadata: jsonb('metadata').notNull().default({}),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('versions_schema_version_key').on(t.schemaId, t.version),
    index('versions_schema_fingerprint_idx').on(t.schemaId, t.fingerprint),
    index('versions_schema_uri_idx').on(t.schemaUri),
    check('versions_format_check', oneOf(t.format, schemaFormats)),
    check('versions_state_check', oneOf(t.state, versionStates)),
  ],
);
