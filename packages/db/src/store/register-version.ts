import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { registries, schemas, versionReferences, versions } from '../schema/index.ts';
import { schemaNamed, selectSchemasWithSettings } from './find-by-name.ts';
import { lockReferenceTargets } from './references.ts';
import { schemaRow, versionRow } from './rows.ts';
import type { NewVersion, RegistryStore } from './types.ts';

/**
 * Registering a version: the next number of its schema, allocated under the schema's row lock.
 * `storeFor` binds a store to the registration's transaction for `beforeInsert`.
 */
export function versionRegistration(
  db: Database,
  storeFor: (tx: Database) => RegistryStore,
): Pick<RegistryStore, 'registerVersion'> {
  return {
    registerVersion(input: NewVersion) {
      return db.transaction(async (t) => {
        const tx = t as unknown as Database;
        // the per-schema allocator: every registration into this schema queues here, others don't
        const lockSchema = () =>
          selectSchemasWithSettings(tx)
            .where(schemaNamed(input.registry, input.name))
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
            store: storeFor(tx),
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
          const targets = await lockReferenceTargets(tx, input.references);
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
  };
}
