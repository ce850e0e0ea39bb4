import type { RouteKeys } from '@schemagate/core';
import type {
  compatibilityModes,
  compatibilityPolicies,
  deadLetterPolicies,
  schemaFormats,
  versionStates,
} from '../schema/allowed-values.ts';

export type SchemaFormat = (typeof schemaFormats)[number];
export type VersionState = (typeof versionStates)[number];
export type CompatibilityMode = (typeof compatibilityModes)[number];
export type CompatibilityPolicy = (typeof compatibilityPolicies)[number];
export type DeadLetterPolicy = (typeof deadLetterPolicies)[number];

/** A stored version as the server reads it. */
export interface StoredVersion {
  registry: string;
  name: string;
  version: number;
  format: SchemaFormat;
  dialect: string;
  state: VersionState;
  fingerprint: string;
  schemaUri: string | null;
  content: unknown;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

/** A version another version refers to, as `{registry, name, version}`. */
export interface VersionRef {
  registry: string;
  name: string;
  version: number;
}

export interface RegistryRow {
  name: string;
  description: string | null;
  compatibility: CompatibilityMode;
  policy: CompatibilityPolicy;
  /** What the gate does with an event that breaks its schema: keep it in dead letters, or only refuse it. */
  deadLetters: DeadLetterPolicy;
  /** A JSON Pointer into an event whose value is its idempotency key when no header names one. */
  idempotencyKeyPointer: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What `putRegistry` may change; `idempotencyKeyPointer: null` removes the pointer. */
export interface RegistryPatch {
  description?: string;
  compatibility?: CompatibilityMode;
  policy?: CompatibilityPolicy;
  deadLetters?: DeadLetterPolicy;
  idempotencyKeyPointer?: string | null;
}

/** A schema with the settings in force (its own, else its registry's). */
export interface SchemaRow {
  registry: string;
  name: string;
  latestVersion: number | null;
  compatibility: CompatibilityMode;
  policy: CompatibilityPolicy;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewVersion {
  registry: string;
  name: string;
  format: SchemaFormat;
  dialect: string;
  fingerprint: string;
  content: unknown;
  /** The document's `$id`, which absolute `$ref`s elsewhere in the registry resolve against. */
  schemaUri?: string | null;
  /** What routes events to the schema (core's `extractRouteKeys`); stored as the schema's route. */
  routeKeys: RouteKeys;
  /** Versions this one's `$ref`s resolved to; each must exist and not be deleted. */
  references: VersionRef[];
  /** Free-form (the EventBridge sync keeps its version number, ARN and last-modified here); default `{}`. */
  metadata?: Record<string, unknown>;
  /**
   * Runs inside the registration's transaction, after the schema row is locked; throw to refuse. Read through
   * `store`, which is bound to the transaction (on PGlite, a query outside it would wait for it forever).
   */
  beforeInsert?(context: {
    previous: StoredVersion[];
    schema: SchemaRow;
    store: RegistryStore;
  }): Promise<void>;
}

export interface SchemaRouteRow {
  registry: string;
  name: string;
  source: string | null;
  detailType: string | null;
  cloudEventType: string | null;
  schemaUri: string | null;
}

/** What the server needs of storage, implemented on drizzle by `createRegistryStore`. */
export interface RegistryStore {
  listRegistries(): Promise<RegistryRow[]>;
  getRegistry(name: string): Promise<RegistryRow | undefined>;
  putRegistry(name: string, patch: RegistryPatch): Promise<{ created: boolean; registry: RegistryRow }>;
  listSchemas(
    registry: string,
    page: { prefix?: string; limit: number; cursor?: string },
  ): Promise<{ items: SchemaRow[]; nextCursor?: string }>;
  getSchema(registry: string, name: string): Promise<SchemaRow | undefined>;
  putSchemaConfig(
    registry: string,
    name: string,
    patch: { compatibility?: CompatibilityMode; policy?: CompatibilityPolicy },
  ): Promise<SchemaRow>;
  registerVersion(version: NewVersion): Promise<{ created: boolean; version: StoredVersion }>;
  listVersions(registry: string, name: string): Promise<StoredVersion[]>;
  getVersion(registry: string, name: string, version: number): Promise<StoredVersion | undefined>;
  pointers(registry: string, name: string): Promise<{ latest?: number; usable?: number }>;
  updateVersion(
    registry: string,
    name: string,
    version: number,
    patch: { state?: VersionState; metadata?: Record<string, unknown> },
  ): Promise<StoredVersion | undefined>;
  /**
   * Soft delete, or (`permanent`) removal of a soft-deleted version; false when there is nothing to delete.
   * Throws a `referenced` StoreError when a live version of another schema refers to it, `conflict` when a
   * permanent delete comes before the soft one.
   */
  deleteVersion(registry: string, name: string, version: number, permanent: boolean): Promise<boolean>;
  /** As `deleteVersion`, for a schema and all its versions. */
  deleteSchema(registry: string, name: string, permanent: boolean): Promise<boolean>;
  /** The newest usable version whose document has this `$id`. */
  findBySchemaUri(registry: string, uri: string): Promise<StoredVersion | undefined>;
  /** The versions a version refers to directly. */
  referencesOf(version: StoredVersion): Promise<StoredVersion[]>;
  /** The live versions whose `$ref`s resolved to this version at registration, by registry, name and version. */
  referrersOf(version: StoredVersion): Promise<StoredVersion[]>;
  /** Route keys of every live schema that has a version. */
  listRoutes(): Promise<SchemaRouteRow[]>;
  /** True when no schema was ever registered (the server then loads the example contracts). */
  isEmpty(): Promise<boolean>;
}
