import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** The closed sets of values the text columns hold: core's registry enums (registry-enums.ts), shared with the API and the CLI. */
export {
  COMPATIBILITY_MODES as compatibilityModes,
  COMPATIBILITY_POLICIES as compatibilityPolicies,
  DEAD_LETTER_POLICIES as deadLetterPolicies,
  DEAD_LETTER_REASONS as deadLetterReasons,
  KEY_SCOPES as keyScopes,
  SCHEMA_FORMATS as schemaFormats,
  VERSION_STATES as versionStates,
} from '@schemagate/core/registry-enums';

/**
 * `column in ('a', 'b')` with the values inlined: a check constraint is DDL, which takes no bind parameters.
 * The values are the constants above, never user input.
 */
export const oneOf = (column: SQLWrapper, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
