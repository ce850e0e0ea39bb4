import { USABLE_VERSION_STATES } from '@schemagate/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { registries, schemas, versions } from '../schema/index.ts';

/** States a version can validate in (core's policy): the "latest" an unpinned event is checked against. */
export const usableStates: string[] = [...USABLE_VERSION_STATES];

/** The schema `registry/name`, deleted or not. */
export const schemaNamed = (registry: string, name: string) =>
  and(eq(schemas.registry, registry), eq(schemas.name, name));

/** The schema `registry/name` unless it is deleted. */
export const liveSchemaNamed = (registry: string, name: string) =>
  and(schemaNamed(registry, name), isNull(schemas.deletedAt));

/** Version `version` of the live schema `registry/name`, deleted or not. */
export const versionNamed = (registry: string, name: string, version: number) =>
  and(liveSchemaNamed(registry, name), eq(versions.version, version));

/** Schemas with the registry settings they fall back to; the caller adds the `where`. */
export const selectSchemasWithSettings = (q: Database) =>
  q
    .select({
      schema: schemas,
      registry: { compatibility: registries.compatibility, policy: registries.policy },
    })
    .from(schemas)
    .innerJoin(registries, eq(registries.name, schemas.registry));

/** Versions with the names of their schemas; the caller adds the `where`. */
export const selectVersionsWithNames = (q: Database) =>
  q
    .select({ version: versions, schema: { registry: schemas.registry, name: schemas.name } })
    .from(versions)
    .innerJoin(schemas, eq(schemas.id, versions.schemaId));

/** The live schema `registry/name` with its registry's settings. */
export async function findSchema(q: Database, registry: string, name: string) {
  const [row] = await selectSchemasWithSettings(q).where(liveSchemaNamed(registry, name)).limit(1);
  return row;
}

/** A version of a live schema; a deleted version only with `includeDeleted`. */
export async function findVersion(
  q: Database,
  registry: string,
  name: string,
  version: number,
  includeDeleted = false,
) {
  const [row] = await selectVersionsWithNames(q)
    .where(
      and(versionNamed(registry, name, version), includeDeleted ? undefined : isNull(versions.deletedAt)),
    )
    .limit(1);
  return row;
}
