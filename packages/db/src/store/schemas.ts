import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { schemas } from '../schema/index.ts';
import { findSchema, selectSchemasWithSettings } from './find-by-name.ts';
import { byteOrderName } from './name-order.ts';
import { schemaRow } from './rows.ts';
import { StoreError } from './store-error.ts';
import { decodeTextCursor, encodeTextCursor } from './text-cursor.ts';
import type { RegistryStore } from './types.ts';

/** `%` and `_` are wildcards in LIKE; a prefix matches them literally. */
const escapeLike = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Listing schemas page by page, reading one, changing its settings, and telling whether there are any. */
export function schemaQueries(
  db: Database,
): Pick<RegistryStore, 'listSchemas' | 'getSchema' | 'putSchemaConfig' | 'isEmpty'> {
  return {
    async listSchemas(registry, page) {
      const rows = await selectSchemasWithSettings(db)
        .where(
          and(
            eq(schemas.registry, registry),
            isNull(schemas.deletedAt),
            page.prefix ? sql`${byteOrderName} like ${`${escapeLike(page.prefix)}%`}` : undefined,
            page.cursor ? sql`${byteOrderName} > ${decodeTextCursor(page.cursor)}` : undefined,
          ),
        )
        .orderBy(byteOrderName)
        // one more than a page tells whether another page follows
        .limit(page.limit + 1);
      const items = rows.slice(0, page.limit).map((r) => schemaRow(r.schema, r.registry));
      const last = items.at(-1);
      return rows.length > page.limit && last
        ? { items, nextCursor: encodeTextCursor(last.name) }
        : { items };
    },

    async getSchema(registry, name) {
      const found = await findSchema(db, registry, name);
      return found ? schemaRow(found.schema, found.registry) : undefined;
    },

    async putSchemaConfig(registry, name, patch) {
      const found = await findSchema(db, registry, name);
      if (!found) throw new StoreError('not_found', `No schema ${registry}/${name}`);
      const [updated] = await db
        .update(schemas)
        .set({
          ...(patch.compatibility ? { compatibility: patch.compatibility } : {}),
          ...(patch.policy ? { policy: patch.policy } : {}),
          updatedAt: new Date(),
        })
        .where(eq(schemas.id, found.schema.id))
        .returning();
      return schemaRow(updated!, found.registry);
    },

    async isEmpty() {
      const [row] = await db.select({ id: schemas.id }).from(schemas).limit(1);
      return !row;
    },
  };
}
