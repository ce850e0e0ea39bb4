import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { schemas, versionReferences, versions } from '../schema/index.ts';
import { findVersion, schemaNamed } from './find-by-name.ts';
import { refuseWhileReferenced } from './references.ts';
import { StoreError } from './store-error.ts';
import type { RegistryStore } from './types.ts';

/** Soft and permanent deletes of versions and schemas, refused while something live refers to them. */
export function deleteOperations(db: Database): Pick<RegistryStore, 'deleteVersion' | 'deleteSchema'> {
  return {
    deleteVersion(registry, name, version, permanent) {
      return db.transaction(async (t) => {
        const tx = t as unknown as Database;
        const found = await findVersion(tx, registry, name, version, true);
        if (!found) return false;
        // a registration that references this version holds it FOR SHARE until it commits
        await tx
          .select({ id: versions.id })
          .from(versions)
          .where(eq(versions.id, found.version.id))
          .for('update');
        await refuseWhileReferenced(tx, [found.version.id]);
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
        const [schema] = await tx.select().from(schemas).where(schemaNamed(registry, name)).for('update');
        if (!schema) return false;
        const ids = (
          await tx
            .select({ id: versions.id })
            .from(versions)
            .where(eq(versions.schemaId, schema.id))
            .for('update')
        ).map((v) => v.id);
        await refuseWhileReferenced(tx, ids, schema.id);
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
  };
}
