/**
 * The API's shapes as the console reads them: inferred from the zod declarations in `@schemagate/api` (types
 * only; nothing of zod reaches the bundle), so they are never written twice.
 */
import type {
  ApiKey as ApiKeyModel,
  CompatibilityReport as CompatibilityReportModel,
  CreatedApiKey as CreatedApiKeyModel,
  DeadLetter as DeadLetterModel,
  Registry as RegistryModel,
  ReplayDeadLettersResult as ReplayDeadLettersResultModel,
  SchemaConfig as SchemaConfigModel,
  SchemaSummary as SchemaSummaryModel,
  SchemaVersion as SchemaVersionModel,
  ValidateResult as ValidateResultModel,
  VersionReferences as VersionReferencesModel,
  VersionSummary as VersionSummaryModel,
} from '@schemagate/api';
import type { z } from 'zod';

export type Registry = z.infer<typeof RegistryModel>;
export type SchemaSummary = z.infer<typeof SchemaSummaryModel>;
export type VersionSummary = z.infer<typeof VersionSummaryModel>;
export type SchemaVersion = z.infer<typeof SchemaVersionModel>;
export type SchemaConfig = z.infer<typeof SchemaConfigModel>;
export type CompatibilityReport = z.infer<typeof CompatibilityReportModel>;
export type ValidateResult = z.infer<typeof ValidateResultModel>;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The registry's closed sets, from core's own table (a file of constants: nothing else of core is bundled). */
export {
  COMPATIBILITY_MODES,
  COMPATIBILITY_POLICIES as POLICIES,
  SCHEMA_FORMATS as FORMATS,
  VERSION_STATES,
} from '@schemagate/core/registry-enums';

export type DeadLetter = z.infer<typeof DeadLetterModel>;
export type ReplayDeadLettersResult = z.infer<typeof ReplayDeadLettersResultModel>;
export type ApiKey = z.infer<typeof ApiKeyModel>;
export type CreatedKey = z.infer<typeof CreatedApiKeyModel>;
export type VersionReferences = z.infer<typeof VersionReferencesModel>;
