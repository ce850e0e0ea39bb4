import { bigint, index, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { versions } from './versions.ts';

/** Which version a version's absolute `$ref`s resolved to at registration; a referenced version can't be deleted. */
export const versionReferences = pgTable(
  'version_references',
  {
    fromVersionId: bigint('from_version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    toVersionId: bigint('to_version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.fromVersionId, t.toVersionId] }),
    index('version_references_to_idx').on(t.toVersionId),
  ],
);
