/**
 * The API's shapes as the console reads them: inferred from the zod declarations in `@schemagate/api` (types
 * only; nothing of zod reaches the bundle), so they are never written twice.
 */
import type {
  ApiKey as ApiKeyModel,
  CompatibilityChange as CompatibilityChangeModel,
  CompatibilityReport as CompatibilityReportModel,
  CreatedApiKey as CreatedApiKeyModel,
  DeadLetter as DeadLetterModel,
  Registry as RegistryModel,
  ReplayDeadLettersResult as ReplayDeadLettersResultModel,
  SchemaConfig as SchemaConfigModel,
  SchemaSummary as SchemaSummaryModel,
  SchemaVersion as SchemaVersionModel,
  ValidateResult as ValidateResultModel,
  ValidationError as ValidationErrorModel,
  VersionReferences as VersionReferencesModel,
  VersionRef as VersionRefModel,
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

export type DeadLetter = z.infer<typeof DeadLetterModel>;
export type ReplayDeadLettersResult = z.infer<typeof ReplayDeadLettersResultModel>;
export type ApiKey = z.infer<typeof ApiKeyModel>;
export type CreatedKey = z.infer<typeof CreatedApiKeyModel>;
export type VersionRef = z.infer<typeof VersionRefModel>;
export type VersionReferences = z.infer<typeof VersionReferencesModel>;
