import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** The closed sets of values the text columns hold; the check constraints and the store's types share them. */
export const compatibilityModes = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export const compatibilityPolicies = ['strict', 'lenient'] as const;
export const schemaFormats = ['jsonschema', 'openapi3'] as const;
export const versionStates = ['active', 'deprecated', 'disabled'] as const;
export const keyScopes = ['admin', 'write', 'validate', 'read'] as const;

/**
 * `column in ('a', 'b')` with the values inlined: a check constraint is DDL, which takes no bind parameters.
 * The values are the constants above, never user input.
 */
export const oneOf = (column: SQLWrapper, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
