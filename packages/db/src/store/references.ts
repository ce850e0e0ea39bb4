import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { schemas, versionReferences, versions } from '../schema/index.ts';
import { findVersion, versionNamed } from './find-by-name.ts';
import { versionRow } from './rows.ts';
import { StoreError } from './store-error.ts';
import type { RegistryStore, VersionRef } from './types.ts';

/**
 * Up to five live versions, outside `exceptSchemaId`, that refer to one of these versions, as
 * `registry/name/version`.
 */
export async function referencedBy(
  q: Database,
  versionIds: number[],
  exceptSchemaId?: number,
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

/** Throws a `referenced` StoreError naming the users when a live version refers to one of these versions. */
export async function refuseWhileReferenced(
  q: Database,
  versionIds: number[],
  exceptSchemaId?: number,
): Promise<void> {
  const users = await referencedBy(q, versionIds, exceptSchemaId);
  if (users.length > 0) {
    throw new StoreError('referenced', `Referenced by ${users.join(', ')}; delete or change those first`);
  }
}

/**
 * The ids of the versions a registration refers to, each once, held FOR SHARE until the transaction ends.
 * Throws a `not_found` StoreError when one is missing or deleted.
 */
export async function lockReferenceTargets(tx: Database, references: VersionRef[]): Promise<number[]> {
  const targets: number[] = [];
  for (const ref of references) {
    const [target] = await tx
      .select({ id: versions.id })
      .from(versions)
      .innerJoin(schemas, eq(schemas.id, versions.schemaId))
      .where(and(versionNamed(ref.registry, ref.name, ref.version), isNull(versions.deletedAt)))
      // a delete of the target locks it for update: one of the two waits and then sees the other
      .for('share', { of: versions });
    if (!target)
      throw new StoreError(
        'not_found',
        `Referenced version ${ref.registry}/${ref.name}/${ref.version} is gone`,
      );
    if (!targets.includes(target.id)) targets.push(target.id);
  }
  return targets;
}

/** The versions a version refers to, and the live versions that refer to it. */
export function referenceQueries(db: Database): Pick<RegistryStore, 'referencesOf' | 'referrersOf'> {
  return {
    async referencesOf(version) {
      const from = await findVersion(db, version.registry, version.name, version.version, true);
      if (!from) return [];
      const rows = await db
        .select({ version: versions, schema: { registry: schemas.registry, name: schemas.name } })
        .from(versionReferences)
        .innerJoin(versions, eq(versions.id, versionReferences.toVersionId))
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
        .where(eq(versionReferences.fromVersionId, from.version.id));
      return rows.map((r) => versionRow(r.version, r.schema));
    },
    async referrersOf(version) {
      const to = await findVersion(db, version.registry, version.name, version.version, true);
      if (!to) return [];
      const rows = await db
        .select({ version: versions, schema: { registry: schemas.registry, name: schemas.name } })
        .from(versionReferences)
        .innerJoin(versions, eq(versions.id, versionReferences.fromVersionId))
        .innerJoin(schemas, eq(schemas.id, versions.schemaId))
        .where(
          and(
            eq(versionReferences.toVersionId, to.version.id),
            isNull(versions.deletedAt),
            isNull(schemas.deletedAt),
          ),
        )
        .orderBy(schemas.registry, schemas.name, versions.version);
      return rows.map((r) => versionRow(r.version, r.schema));
    },
  };
}
