import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { compatibilityModes, compatibilityPolicies, oneOf } from './allowed-values.ts';
import { registries } from './registries.ts';

/**
 * A named contract in a registry. `latest_version` is the per-schema allocator: a registration locks this
 * row and takes the next number, so registrations into different schemas never wait on each other.
 */
export const schemas = pgTable(
  'schemas',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    registry: text('registry')
      .notNull()
      .references(() => registries.name, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Null inherits the registry's setting. */
    compatibility: text('compatibility'),
    policy: text('policy'),
    latestVersion: integer('latest_version').notNull().default(0),
    /** Route keys of the latest version, to find the schema of an incoming event. */
    eventSource: text('event_source'),
    eventDetailType: text('event_detail_type'),
    cloudEventType: text('cloudevent_type'),
    schemaUri: text('schema_uri'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('schemas_registry_name_key').on(t.registry, t.name),
    // listing pages through names in byte order, whatever the database's collation
    index('schemas_registry_name_bytes_idx').on(t.registry, sql`${t.name} collate "C"`),
    index('schemas_envelope_idx').on(t.eventSource, t.eventDetailType),
    index('schemas_cloudevent_type_idx').on(t.cloudEventType),
    check('schemas_compatibility_check', oneOf(t.compatibility, compatibilityModes)),
    check('schemas_policy_check', oneOf(t.policy, compatibilityPolicies)),
  ],
);
