import type { Dialect, SchemaInput } from './dialect.ts';
import { dialectOfMetaSchema, isPlainObject } from './dialect.ts';
import { appendPointer } from './json-pointer.ts';
import { keywordTypoFinder } from './keyword-typos.ts';
import { isBuiltInSchemaUri, isKnownFormat, metaSchemaValidator } from './meta-schema.ts';
import { checkPatterns } from './pattern-check.ts';
import { prepareSchema } from './prepare-schema.ts';
import { collectReferences } from './references.ts';
import { SchemaCompileError } from './schema-compile-error.ts';
import { idKeyword, walkSchema } from './schema-walk.ts';
import { findUnstorableValues, type UnstorableCode, unstorableRefusal } from './storable-json.ts';
import type { ValidationError } from './validation-error.ts';
import { toMetaSchemaErrors } from './validation-error.ts';

/** What registration needs to know about a valid schema document. */
export interface SchemaAnalysis {
  dialect: Dialect;
  /** The root `$id` (draft-04: `id`), when the schema has one. */
  id?: string;
  /**
   * Absolute URIs (no fragment) the schema references but does not define itself, leaving out the dialect's
   * built-in meta-schemas: the registry must resolve them before compiling.
   */
  references: string[];
  /** Things that register but deserve a look, such as a `format` no validator checks. */
  warnings: string[];
}

/** The outcome of {@link analyzeSchema}. */
export type AnalyzeResult =
  | { ok: true; analysis: SchemaAnalysis }
  | {
      ok: false;
      code: 'invalid_schema' | 'unsafe_pattern' | UnstorableCode;
      errors: ValidationError[];
    };

/**
 * Checks a schema document before it is registered, without compiling it.
 *
 * - `jsonschema`: the document is validated against its dialect's meta-schema;
 * - `openapi3`: the document must say which component is the event (`AWSEvent`, or its only component: see
 *   `openApiEvent`), and the converted schema (every component) is validated against the draft-04 meta-schema;
 *   error paths point into the OpenAPI document;
 * - every `pattern` and `patternProperties` key is compiled: one that could backtrack catastrophically is refused
 *   with `unsafe_pattern`;
 * - a number `JSON.parse` read as ±Infinity (`1e400`) is refused with `number_out_of_range`, and text holding NUL
 *   or a lone surrogate with `unstorable_text`, naming each pointer: stored, the first would read back as `null`
 *   (another meaning on every other replica), and Postgres cannot store the second;
 * - an unknown `format`, or an unknown `$schema`, is a warning, not a refusal; so is an unknown keyword within two
 *   edits of one of the dialect's (`propertis`: did you mean `properties`?), which would silently check nothing.
 */
export function analyzeSchema(input: SchemaInput): AnalyzeResult {
  const unstorable = unstorableErrors(input.schema);
  if (unstorable) return unstorable;
  let prepared: ReturnType<typeof prepareSchema>;
  try {
    prepared = prepareSchema(input);
  } catch (error) {
    if (error instanceof SchemaCompileError)
      return { ok: false, code: 'invalid_schema', errors: error.errors };
    throw error;
  }
  const { dialect, schema, documentPath } = prepared;
  const validateMeta = metaSchemaValidator(dialect);
  if (!validateMeta(schema)) {
    const errors = toMetaSchemaErrors(validateMeta.errors ?? [], documentPath);
    return { ok: false, code: 'invalid_schema', errors };
  }
  const patterns = checkPatterns(schema, dialect);
  const relocate = (error: ValidationError) => ({ ...error, path: documentPath(error.path) });
  if (patterns.invalid.length > 0) {
    return { ok: false, code: 'invalid_schema', errors: patterns.invalid.map(relocate) };
  }
  if (patterns.unsafe.length > 0) {
    return { ok: false, code: 'unsafe_pattern', errors: patterns.unsafe.map(relocate) };
  }

  const warnings: string[] = [];
  if (input.format === 'jsonschema' && isPlainObject(schema) && typeof schema.$schema === 'string') {
    if (!dialectOfMetaSchema(schema.$schema)) {
      warnings.push(`unknown $schema ${JSON.stringify(schema.$schema)}: validated as ${dialect}`);
    }
  }
  const misspelledKeyword = keywordTypoFinder(dialect, input.format === 'openapi3');
  walkSchema(schema, dialect, ({ schema: node, pointer }) => {
    for (const key of Object.keys(node)) {
      const meant = misspelledKeyword(key);
      if (meant !== undefined) {
        warnings.push(
          `unknown keyword ${JSON.stringify(key)} at ${documentPath(appendPointer(pointer, key))} is ignored: did you mean \`${meant}\`?`,
        );
      }
    }
    if (
      Object.hasOwn(node, 'format') &&
      typeof node.format === 'string' &&
      !isKnownFormat(dialect, node.format)
    ) {
      warnings.push(
        `unknown format ${JSON.stringify(node.format)} at ${documentPath(appendPointer(pointer, 'format'))} is not checked`,
      );
    }
  });

  const references = collectReferences(schema, dialect, (uri) => isBuiltInSchemaUri(dialect, uri)).external;
  // an OpenAPI document's event component is walked twice (as the root and as a component): one warning a place
  const analysis: SchemaAnalysis = { dialect, references, warnings: [...new Set(warnings)] };
  const id = isPlainObject(schema) ? schema[idKeyword(dialect)] : undefined;
  if (input.format === 'jsonschema' && typeof id === 'string') analysis.id = id;
  return { ok: true, analysis };
}

/** The refusal for a document holding what cannot be kept as written (see `unstorableRefusal`). */
function unstorableErrors(document: unknown): AnalyzeResult | undefined {
  const found = findUnstorableValues(document);
  if (found.length === 0) return undefined;
  const { code, values } = unstorableRefusal(found);
  const errors = values.map((f) => ({ path: f.path, keyword: code, message: f.message, schemaPath: '' }));
  return { ok: false, code, errors };
}
