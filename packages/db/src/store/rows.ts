import type { registries, schemas, versions } from '../schema/index.ts';
import type {
  CompatibilityMode,
  CompatibilityPolicy,
  DeadLetterPolicy,
  RegistryRow,
  SchemaRow,
  StoredVersion,
  VersionState,
} from './types.ts';

/** A `versions` row as drizzle reads it. */
export type VersionRecord = typeof versions.$inferSelect;
/** A `schemas` row as drizzle reads it. */
export type SchemaRecord = typeof schemas.$inferSelect;
/** A `registries` row as drizzle reads it. */
export type RegistryRecord = typeof registries.$inferSelect;

/** The registry settings a schema falls back to when it has none of its own. */
export type RegistrySettings = Pick<RegistryRecord, 'compatibility' | 'policy'>;

/** A registry row as the server reads it. */
export const registryRow = (r: RegistryRecord): RegistryRow => ({
  name: r.name,
  description: r.description,
  compatibility: r.compatibility as CompatibilityMode,
  policy: r.policy as CompatibilityPolicy,
  deadLetters: r.deadLetters as DeadLetterPolicy,
  idempotencyKeyPointer: r.idempotencyKeyPointer,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** A schema row with the settings in force: its own, else its registry's. */
export const schemaRow = (s: SchemaRecord, r: RegistrySettings): SchemaRow => ({
  registry: s.registry,
  name: s.name,
  latestVersion: s.latestVersion > 0 ? s.latestVersion : null,
  compatibility: (s.compatibility ?? r.compatibility) as CompatibilityMode,
  policy: (s.policy ?? r.policy) as CompatibilityPolicy,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** A version row named by the schema it belongs to. */
export const versionRow = (v: VersionRecord, s: Pick<SchemaRecord, 'registry' | 'name'>): StoredVersion => ({
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
