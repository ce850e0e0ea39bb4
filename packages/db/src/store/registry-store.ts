import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { registries, schemas, versionReferences, versions } from '../schema/index.ts';
import { StoreError } from './store-error.ts';
import type {
  CompatibilityMode,
  CompatibilityPolicy,
  NewVersion,
  RegistryRow,
  RegistryStore,
  SchemaRouteRow,
  SchemaRow,
  StoredVersion,
  VersionState,
} from './types.ts';

type VersionRecord = typeof versions.$inferSelect;
type SchemaRecord = typeof schemas.$inferSelect;
type RegistryRecord = typeof registries.$inferSelect;

const registryRow = (r: RegistryRecord): RegistryRow => ({
  name: r.name,
  description: r.description,
  compatibility: r.compatibility as CompatibilityMode,
  policy: r.policy as CompatibilityPolicy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const schemaRow = (s: SchemaRecord, r: Pick<RegistryRecord, 'compatibility' | 'policy'>): SchemaRow => ({
  registry: s.registry,
  name: s.name,
  latestVersion: s.latestVersion > 0 ? s.latestVersion : null,
  compatibility: (s.compatibility ?? r.compatibility) as CompatibilityMode,
  policy: (s.policy ?? r.policy) as CompatibilityPolicy,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const versionRow = (v: VersionRecord, s: Pick<SchemaRecord, 'registry' | 'name'>): StoredVersion => ({
  registry: s.registry,
  name: s.name,
  version: v.version,
  format: v.format as StoredVersion['format'],
  dialect: v.dialect,
  state: v.state as VersionState,
  fingerprint: v.fingerprint,
  schemaUri: v.schemaUri,
  content: v.content,
  metadata: (v.metadata ?? {}) as Record<string, unknown>,
  createdAt: v.createdAt,
});

/** States a version can validate in: the "latest" an unpinned event is checked against. */
const usableStates = ['active', 'deprecated'];

const routeColumns = {
  registry: schemas.registry,
  name: schemas.name,
  source: schemas.eventSource,
  detailType: schemas.eventDetailType,
  cloudEventType: schemas.cloudEventType,
  schemaUri: schemas.schemaUri,
};

/** `%` and `_` are wildcards in LIKE; a prefix matches them literally. */
const escapeLike = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Names sort by bytes whatever the database's collation, so pages are stable across servers; the
 * `schemas_registry_name_bytes_idx` index serves this order and the prefix range.
 */
const byteOrderName = sql`${schemas.name} collate "C"`;

const encodeCursor = (name: string) => Buffer.from(name, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/**
 * The registry's storage on drizzle: the same queries on PGlite and Postgres. Pass a transaction to run a
 * store's reads inside it.
 */
export function createRegistryStore(db: Database): RegistryStore {
  async function findSchema(registry: string, name: string, options: { includeDeleted?: boolean } = {}) {
    const rows = await db
      .select({
        schema: schemas,
        registry: { compatibility: registries.compatibility, policy: registries.policy },
      })
      .from(schemas)
      .innerJoin(registries, eq(registries.name, schemas.registry))
      .where(
        and(
          eq(schemas.registry, registry),
          eq(schemas.name, name),
          options.includeDeleted ? undefined : isNull(schemas.deletedAt),
        ),
      )
      .limit(1);
    return rows[0];
  }

  async function findVersion(
    registry: string,
    name: string,
    version: number,
    includeDeleted = false,
    q: Database = db,
  ) {
    const rows = await q
      .select({
        version: versions,
        schema: { id: schemas.id, registry: schemas.registry, name: schemas.name },
      })
      .from(versions)
      .innerJoin(schemas, eq(schemas.id, versions.schemaId))
      .where(
        and(
          eq(schemas.registry, registry),
          eq(schemas.name, name),
          isNull(schemas.deletedAt),
          eq(versions.version, version),
          includeDeleted ? undefined : isNull(versions.deletedAt),
        ),
      )
      .limit(1);
    return rows[0];
  }

  /** Whether a live version of another schema refers to one of these versions. */
  async function referencedBy(
    versionIds: number[],
    exceptSchemaId?: number,
    q: Database = db,
  ): Promise<string[]> {
    if (versionIds.length === 0) return [];
    const rows = await q
      .select({ registry: schemas.registry, name: schemas.name, version: versions.version })
      .from(versionReferences)
      .innerJoin(versions, eq(versions.id, versionReferences.fromVersionId))
      .innerJoin(schemas, eq(schemas.id, versions.schemaId))
      .where(
        and(
          inArray(versionReferences.toVersionId, versionIds),
          isNull(versions.deletedAt),
          isNull(schemas.deletedAt),
          exceptSchemaId === undefined ? undefined : sql`${schemas.id} <> ${exceptSchemaId}`,
        ),
      )
      .limit(5);
    return rows.map((r) => `${r.registry}/${r.name}/${r.version}`);
  }

  const store: RegistryStore = {
    async listRegistries() {
      return (await db.select().from(registries).orderBy(asc(registries.name))).map(registryRow);
    },

    async getRegistry(name) {
      const [row] = await db.select().from(registries).where(eq(registries.name, name)).limit(1);
      return row ? registryRow(row) : undefined;
    },

    async putRegistry(name, patch) {
      const values = {
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.compatibility ? { compatibility: patch.compatibility } : {}),
        ...(patch.policy ? { policy: patch.policy } : {}),
      };
      const [row] = await db
        .insert(registries)
        .values({ name, ...values })
        .onConflictDoUpdate({ target: registries.name, set: { ...values, updatedAt: new Date() } })
        .returning({ ...getTableColumns(registries), created: sql<boolean>`(xmax = 0)` });
      const { created, ...registry } = row!;
      return { created: Boolean(created), registry: registryRow(registry) };
    },

    async listSchemas(registry, page) {
      const rows = await db
        .select({
          schema: schemas,
          registry: { compatibility: registries.compatibility, policy: registries.policy },
        })
        .from(schemas)
        .innerJoin(registries, eq(registries.name, schemas.registry))
        .where(
          and(
            eq(schemas.registry, registry),
            isNull(schemas.deletedAt),
            page.prefix ? sql`${byteOrderName} like ${`${escapeLike(page.prefix)}%`}` : undefined,
            page.cursor ? sql`${byteOrderName} > ${decodeCursor(page.cursor)}` : undefined,
          ),
        )
        .orderBy(byteOrderName)
        .limit(page.limit + 1);
      const items = rows.slice(0, page.limit).map((r) => schemaRow(r.schema, r.registry));
      const last = items.at(-1);
      return rows.length > page.limit && last ? { items, nextCursor: encodeCursor(last.name) } : { items };
    },

    async getSchema(registry, name) {
      const found = await findSchema(registry, name);
      return found ? schemaRow(found.schema, found.registry) : undefined;
    },

    async putSchemaConfig(registry, name, patch) {
      const found = await findSchema(registry, name);
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

    registerVersion(input: NewVersion) {
      return db.transaction(async (tx) => {
        // the per-schema allocator: every registration into this schema queues here, others don't
        const lockSchema = () =>
          tx
            .select({
              schema: schemas,
              registry: { compatibility: registries.compatibility, policy: registries.policy },
            })
            .from(schemas)
            .innerJoin(registries, eq(registries.name, schemas.registry))
            .where(and(eq(schemas.registry, input.registry), eq(schemas.name, input.name)))
            .for('update', { of: schemas });
        let [locked] = await lockSchema();
        if (!locked) {
          // racing first registrations: the loser's insert waits for the winner's commit, then does nothing
          await tx.insert(registries).values({ name: input.registry }).onConflictDoNothing();
          await tx
            .insert(schemas)
            .values({ registry: input.registry, name: input.name })
            .onConflictDoNothing();
          [locked] = await lockSchema();
        }
        const schema = locked!.schema;
        const live = and(eq(versions.schemaId, schema.id), isNull(versions.deletedAt));
        const [existing] = schema.deletedAt
          ? []
          : await tx
              .select()
              .from(versions)
              .where(and(live, eq(versions.fingerprint, input.fingerprint)))
              .orderBy(asc(versions.version))
              .limit(1);
        if (existing) return { created: false, version: versionRow(existing, schema) };

        if (input.beforeInsert) {
          const previous = schema.deletedAt
            ? []
            : await tx.select().from(versions).where(live).orderBy(asc(versions.version));
          await input.beforeInsert({
            previous: previous.map((v) => versionRow(v, schema)),
            schema: schemaRow(schema, locked!.registry),
            store: createRegistryStore(tx as unknown as Database),
          });
        }

        const number = schema.latestVersion + 1;
        const [inserted] = await tx
          .insert(versions)
          .values({
            schemaId: schema.id,
            version: number,
            format: input.format,
            dialect: input.dialect,
            fingerprint: input.fingerprint,
            content: input.content,
            schemaUri: input.schemaUri ?? null,
            metadata: input.metadata ?? {},
          })
          .returning();
        if (input.references.length > 0) {
          const targets: number[] = [];
          for (const ref of input.references) {
            const [target] = await tx
              .select({ id: versions.id })
              .from(versions)
              .innerJoin(schemas, eq(schemas.id, versions.schemaId))
              .where(
                and(
                  eq(schemas.registry, ref.registry),
                  eq(schemas.name, ref.name),
                  eq(versions.version, ref.version),
                  isNull(schemas.deletedAt),
                  isNull(versions.deletedAt),
                ),
              )
              // a delete of the target locks it for update: one of the two waits and then sees the other
              .for('share', { of: versions });
            if (!target)
              throw new StoreError(
                'not_found',
                `Referenced version ${ref.registry}/${ref.name}/${ref.version} is gone`,
              );
            if (!targets.includes(target.id)) targets.push(target.id);
          }
          await tx
            .insert(versionReferences)
            .values(targets.map((id) => ({ fromVersionId: inserted!.id, toVersionId: id })));
        }
        await tx
          .update(schemas)
          .set({
            latestVersion: number,
            eventSource: input.routeKeys.source ?? null,
            eventDetailType: input.routeKeys.detailType ?? null,
            cloudEventType: input.routeKeys.cloudEventType ?? null,
            schemaUri: input.schemaUri ?? null,
            deletedAt: null,
            updatedAt: new Date(),
          })
          .where(eq(schemas.id, schema.id));
        return { created: true, version: versionRow(inserted!, schema) };
      });
    },

    async listVersions(registry, name) {
      const found = await findSchema(registry, name);
      if (!found) return [];
      const rows = await db
        .select()
        .from(versions)
        .where(and(eq(versions.schemaId, found.schema.id), isNull(versions.deletedAt)))
        .orderBy(asc(versions.version));
      return rows.map((v) => versionRow(v, found.schema));
    },

    async getVersion(registry, name, version) {
      const found = await findVersion(registry, name, version);
      return found ? versionRow(found.version, found.schema) : undefined;
    },

    async pointers(registry, name) {
      const [row] = await db
        .select({
          latest: sql<number | null>`max(${versions.version})`,
          usable: sql<
            number | null
          >`max(${versions.version}) filter (where ${versions.state} in ('active', 'deprecated'))`,
        })
        .from(versions)
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
        .where(
          and(
            eq(schemas.registry, registry),
            eq(schemas.name, name),
            isNull(schemas.deletedAt),
            isNull(versions.deletedAt),
          ),
        );
      const out: { latest?: number; usable?: number } = {};
      if (row?.latest != null) out.latest = Number(row.latest);
      if (row?.usable != null) out.usable = Number(row.usable);
      return out;
    },

    async updateVersion(registry, name, version, patch) {
      const found = await findVersion(registry, name, version);
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

    deleteVersion(registry, name, version, permanent) {
      return db.transaction(async (t) => {
        const tx = t as unknown as Database;
        const found = await findVersion(registry, name, version, true, tx);
        if (!found) return false;
        // a registration that references this version holds it FOR SHARE until it commits
        await tx
          .select({ id: versions.id })
          .from(versions)
          .where(eq(versions.id, found.version.id))
          .for('update');
        const users = await referencedBy([found.version.id], undefined, tx);
        if (users.length > 0) {
          throw new StoreError(
            'referenced',
            `Referenced by ${users.join(', ')}; delete or change those first`,
          );
        }
        if (!permanent) {
          if (found.version.deletedAt) return false;
          await tx.update(versions).set({ deletedAt: new Date() }).where(eq(versions.id, found.version.id));
          return true;
        }
        if (!found.version.deletedAt) {
          throw new StoreError(
            'conflict',
            `Soft-delete version ${version} first, then delete it permanently`,
          );
        }
        const [anyUser] = await tx
          .select({ id: versionReferences.fromVersionId })
          .from(versionReferences)
          .where(eq(versionReferences.toVersionId, found.version.id))
          .limit(1);
        if (anyUser) throw new StoreError('referenced', 'A soft-deleted version still references it');
        await tx.delete(versions).where(eq(versions.id, found.version.id));
        return true;
      });
    },

    deleteSchema(registry, name, permanent) {
      return db.transaction(async (t) => {
        const tx = t as unknown as Database;
        // the registration lock: no version can be added while the schema is being deleted
        const [schema] = await tx
          .select()
          .from(schemas)
          .where(and(eq(schemas.registry, registry), eq(schemas.name, name)))
          .for('update');
        if (!schema) return false;
        const ids = (
          await tx
            .select({ id: versions.id })
            .from(versions)
            .where(eq(versions.schemaId, schema.id))
            .for('update')
        ).map((v) => v.id);
        const users = await referencedBy(ids, schema.id, tx);
        if (users.length > 0) {
          throw new StoreError(
            'referenced',
            `Referenced by ${users.join(', ')}; delete or change those first`,
          );
        }
        if (!permanent) {
          if (schema.deletedAt) return false;
          const now = new Date();
          await tx.update(schemas).set({ deletedAt: now, updatedAt: now }).where(eq(schemas.id, schema.id));
          // its versions go with it, so registering into the name again starts from an empty history
          await tx
            .update(versions)
            .set({ deletedAt: now })
            .where(and(eq(versions.schemaId, schema.id), isNull(versions.deletedAt)));
          return true;
        }
        if (!schema.deletedAt)
          throw new StoreError(
            'conflict',
            `Soft-delete ${registry}/${name} first, then delete it permanently`,
          );
        if (ids.length > 0) {
          const [outside] = await tx
            .select({ id: versionReferences.fromVersionId })
            .from(versionReferences)
            .innerJoin(versions, eq(versions.id, versionReferences.fromVersionId))
            .where(
              and(inArray(versionReferences.toVersionId, ids), sql`${versions.schemaId} <> ${schema.id}`),
            )
            .limit(1);
          if (outside)
            throw new StoreError(
              'referenced',
              'A soft-deleted version of another schema still references it',
            );
          await tx.delete(versionReferences).where(inArray(versionReferences.fromVersionId, ids));
        }
        await tx.delete(versions).where(eq(versions.schemaId, schema.id));
        await tx.delete(schemas).where(eq(schemas.id, schema.id));
        return true;
      });
    },

    async findBySchemaUri(registry, uri) {
      const [row] = await db
        .select({ version: versions, schema: { registry: schemas.registry, name: schemas.name } })
        .from(versions)
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
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

    async referencesOf(version) {
      const from = await findVersion(version.registry, version.name, version.version, true);
      if (!from) return [];
      const rows = await db
        .select({ version: versions, schema: { registry: schemas.registry, name: schemas.name } })
        .from(versionReferences)
        .innerJoin(versions, eq(versions.id, versionReferences.toVersionId))
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
        .where(eq(versionReferences.fromVersionId, from.version.id));
      return rows.map((r) => versionRow(r.version, r.schema));
    },

    async listRoutes(): Promise<SchemaRouteRow[]> {
      return db
        .select(routeColumns)
        .from(schemas)
        .where(and(isNull(schemas.deletedAt), gt(schemas.latestVersion, 0)));
    },

    async findSchemasByRoute(route) {
      const key =
        route.cloudEventType !== undefined
          ? eq(schemas.cloudEventType, route.cloudEventType)
          : route.source !== undefined && route.detailType !== undefined
            ? and(eq(schemas.eventSource, route.source), eq(schemas.eventDetailType, route.detailType))
            : undefined;
      if (!key) return [];
      return db
        .select(routeColumns)
        .from(schemas)
        .where(
          and(
            key,
            route.registry === undefined ? undefined : eq(schemas.registry, route.registry),
            isNull(schemas.deletedAt),
            gt(schemas.latestVersion, 0),
          ),
        )
        .orderBy(asc(schemas.registry), byteOrderName);
    },

    async getLatestVersion(registry, name) {
      const [row] = await db
        .select({ version: versions, schema: { registry: schemas.registry, name: schemas.name } })
        .from(versions)
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
        .where(
          and(
            eq(schemas.registry, registry),
            eq(schemas.name, name),
            isNull(schemas.deletedAt),
            isNull(versions.deletedAt),
            inArray(versions.state, usableStates),
          ),
        )
        .orderBy(desc(versions.version))
        .limit(1);
      return row ? versionRow(row.version, row.schema) : undefined;
    },

    async isEmpty() {
      const [row] = await db.select({ id: schemas.id }).from(schemas).limit(1);
      return !row;
    },
  };
  return store;
}
