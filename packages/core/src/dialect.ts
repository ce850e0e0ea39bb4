import type { SchemaFormat } from './registry-enums.ts';

/** A JSON Schema dialect the engine validates with. */
export type Dialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

export type { SchemaFormat };

/** A schema document as registered, with the format it is written in. */
export interface SchemaInput {
  format: SchemaFormat;
  schema: unknown;
}

/** The dialect assumed when a JSON Schema has no `$schema`. */
export const DEFAULT_DIALECT: Dialect = '2020-12';

/**
 * The meta-schema URI of each dialect, as the dialect's own meta-schema spells its `$id`.
 * Comparisons go through {@link normalizeMetaSchemaUri}, so `https`, a trailing `#` or an empty fragment do not matter.
 */
export const META_SCHEMA_URIS: Readonly<Record<Dialect, string>> = {
  'draft-04': 'http://json-schema.org/draft-04/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

/**
 * Reduces a meta-schema URI to a comparable form: scheme-less, without an empty fragment.
 * @example normalizeMetaSchemaUri('https://json-schema.org/draft-07/schema#') // 'json-schema.org/draft-07/schema'
 */
export function normalizeMetaSchemaUri(uri: string): string {
  return uri
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/#$/, '');
}

const DIALECT_BY_META_URI = new Map<string, Dialect>(
  (Object.entries(META_SCHEMA_URIS) as [Dialect, string][]).map(([dialect, uri]) => [
    normalizeMetaSchemaUri(uri),
    dialect,
  ]),
);

/** The dialect whose meta-schema `uri` names, or undefined for any other URI. */
export function dialectOfMetaSchema(uri: string): Dialect | undefined {
  return DIALECT_BY_META_URI.get(normalizeMetaSchemaUri(uri));
}

/** True when `doc` looks like an OpenAPI 3.x document (a string `openapi: "3..."` at its root). */
export function isOpenApiDocument(doc: unknown): boolean {
  return (
    isPlainObject(doc) &&
    Object.hasOwn(doc, 'openapi') &&
    typeof doc.openapi === 'string' &&
    doc.openapi.startsWith('3.')
  );
}

/**
 * The dialect a schema document is validated with.
 *
 * A JSON Schema's dialect comes from its root `$schema`; none, or one this engine does not know, means 2020-12
 * (analyzeSchema warns about an unknown `$schema`). An OpenAPI 3.0 document is validated as draft-04, the dialect
 * OpenAPI 3.0's schema objects derive from (boolean `exclusiveMinimum`, `definitions`).
 */
export function detectDialect(schema: unknown): Dialect {
  if (isOpenApiDocument(schema)) return 'draft-04';
  if (isPlainObject(schema) && Object.hasOwn(schema, '$schema') && typeof schema.$schema === 'string') {
    return dialectOfMetaSchema(schema.$schema) ?? DEFAULT_DIALECT;
  }
  return DEFAULT_DIALECT;
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
