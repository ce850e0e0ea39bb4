import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { schemas, versions } from '../schema/index.ts';
import {
  findSchema,
  findVersion,
  liveSchemaNamed,
  selectVersionsWithNames,
  usableStates,
} from './find-by-name.ts';
import { versionRow } from './rows.ts';
import type { RegistryStore } from './types.ts';

/** Reading a schema's versions, its latest and usable pointers, and changing a version's state or metadata. */
export function versionQueries(
  db: Database,
): Pick<RegistryStore, 'listVersions' | 'getVersion' | 'pointers' | 'updateVersion' | 'findBySchemaUri'> {
  return {
    async listVersions(registry, name) {
      const found = await findSchema(db, registry, name);
      if (!found) return [];
      const rows = await db
        .select()
        .from(versions)
        .where(and(eq(versions.schemaId, found.schema.id), isNull(versions.deletedAt)))
        .orderBy(asc(versions.version));
      return rows.map((v) => versionRow(v, found.schema));
    },

    async getVersion(registry, name, version) {
      const found = await findVersion(db, registry, name, version);
      return found ? versionRow(found.version, found.schema) : undefined;
    },

    async pointers(registry, name) {
      const [row] = await db
        .select({
          latest: sql<number | null>`max(${versions.version})`,
          usable: sql<
            number | null
          >`max(${versions.version}) filter (where ${inArray(versions.state, usableStates)})`,
        })
        .from(versions)
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
        .where(and(liveSchemaNamed(registry, name), isNull(versions.deletedAt)));
      const out: { latest?: number; usable?: number } = {};
      if (row?.latest != null) out.latest = Number(row.latest);
      if (row?.usable != null) out.usable = Number(row.usable);
      return out;
    },

    async updateVersion(registry, name, version, patch) {
      const found = await findVersion(db, registry, name, version);
      if (!found) return undefined;
      if (patch.state === undefined && patch.metadata === undefined)
        return versionRow(found.version, found.schema);
      const [updated] = await db
        .update(versions)
        .set({
          ...(patch.state ? { state: patch.state } : {}),
          ...(patch.metadata ? { metadata: patch.metadata } : {}),
        })
        .where(eq(versions.id, found.version.id))
        .returning();
      return versionRow(updated!, found.schema);
    },

    async findBySchemaUri(registry, uri) {
      const [row] = await selectVersionsWithNames(db)
        .where(
          and(
            eq(schemas.registry, registry),
            isNull(schemas.deletedAt),
            isNull(versions.deletedAt),
            eq(versions.schemaUri, uri),
            inArray(versions.state, usableStates),
          ),
        )
        .orderBy(desc(versions.createdAt), desc(versions.id))
        .limit(1);
      return row ? versionRow(row.version, row.schema) : undefined;
    },
  };
}
