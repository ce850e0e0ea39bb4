/**
 * The API's shapes as the console reads them: inferred from the zod declarations in `@schemagate/api` (types
 * only; nothing of zod reaches the bundle), so they are never written twice.
 */
import type {
  CompatibilityChange as CompatibilityChangeModel,
  CompatibilityReport as CompatibilityReportModel,
  Registry as RegistryModel,
  SchemaConfig as SchemaConfigModel,
  SchemaSummary as SchemaSummaryModel,
  SchemaVersion as SchemaVersionModel,
  ValidateResult as ValidateResultModel,
  ValidationError as ValidationErrorModel,
  VersionSummary as VersionSummaryModel,
} from '@schemagate/api';
import type { z } from 'zod';

export type Registry = z.infer<typeof RegistryModel>;
export type SchemaSummary = z.infer<typeof SchemaSummaryModel>;
export type VersionSummary = z.infer<typeof VersionSummaryModel>;
export type SchemaVersion = z.infer<typeof SchemaVersionModel>;
export type SchemaConfig = z.infer<typeof SchemaConfigModel>;
export type CompatibilityReport = z.infer<typeof CompatibilityReportModel>;
export type CompatibilityChange = z.infer<typeof CompatibilityChangeModel>;
export type ValidateResult = z.infer<typeof ValidateResultModel>;
export type ValidationError = z.infer<typeof ValidationErrorModel>;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export const COMPATIBILITY_MODES = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const satisfies readonly SchemaConfig['compatibility'][];
export const POLICIES = ['strict', 'lenient'] as const satisfies readonly SchemaConfig['policy'][];
export const VERSION_STATES = [
  'active',
  'deprecated',
  'disabled',
] as const satisfies readonly VersionSummary['state'][];
export const FORMATS = ['jsonschema', 'openapi3'] as const satisfies readonly VersionSummary['format'][];

// The gate's and the keys' routes are declared in @schemagate/api by the engineers building them; until their
// models land these follow the shapes agreed for them.
export interface DeadLetter {
  id: string;
  reason: 'invalid' | 'forward_failed';
  registry: string;
  schema: string | null;
  version: number | null;
  event: unknown;
  errors: ValidationError[];
  idempotencyKey: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string | null;
  prefix: string;
  scope: 'admin' | 'write' | 'validate' | 'read';
  registries: string[] | null;
  rateLimit: { perSecond: number; burst: number } | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedKey {
  id: string;
  key: string;
  scope: ApiKey['scope'];
  name: string | null;
  registries: string[] | null;
  rateLimit: { perSecond: number; burst: number } | null;
  createdAt: string;
}

export interface VersionRef {
  registry: string;
  name: string;
  version: number;
}

export interface VersionReferences {
  references: VersionRef[];
  referencedBy: VersionRef[];
}
