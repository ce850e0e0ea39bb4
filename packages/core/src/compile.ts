import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from './create-ajv.ts';
import type { Dialect, SchemaInput } from './dialect.ts';
import { detectDialect } from './dialect.ts';
import { isBuiltInSchemaUri, metaSchemaValidator } from './meta-schema.ts';
import { prepareSchema } from './prepare-schema.ts';
import { collectReferences } from './references.ts';
import { UnsafePatternError } from './regex-engine.ts';
import { SchemaCompileError } from './schema-compile-error.ts';
import { stripNullable } from './strip-nullable.ts';
import { normalizeUri } from './uri.ts';
import type { ValidationError } from './validation-error.ts';
import { toMetaSchemaErrors, toValidationErrors } from './validation-error.ts';

/** A schema the registry resolved for a reference, under the URI it was referenced by. */
export interface ReferencedSchema {
  uri: string;
  schema: unknown;
}

/** A compiled schema, ready to validate many values. */
export interface CompiledValidator {
  readonly dialect: Dialect;
  /** Validates `value`; answers `null` when it is valid, else every error found. */
  validate(value: unknown): ValidationError[] | null;
}

/**
 * Compiles a registered schema into a validator.
 *
 * Each validator gets its own ajv instance: several versions of one schema share a `$id`, and one instance cannot
 * hold two schemas with the same id. `references` are added under their `uri` (a referenced schema without `$id`
 * works too); nothing is fetched. Only the references the schema reaches are added, and never one that names a URI
 * the schema defines itself, so a caller may pass a whole registry, the schema being compiled included (a copy of
 * it, fetched again, would otherwise clash with it by `$id`). References to the dialect's meta-schemas resolve to
 * ajv's built-in copies.
 * Compiling costs a few milliseconds, so callers keep validators in a {@link ValidatorCache}.
 * @throws SchemaCompileError `unresolved_reference` (with `missing`), `invalid_schema` or `unsafe_pattern`.
 */
export function compileSchema(input: SchemaInput, references: ReferencedSchema[] = []): CompiledValidator {
  const { dialect, schema, documentPath } = prepareSchema(input);
  const validateMeta = metaSchemaValidator(dialect);
  if (!validateMeta(schema)) {
    const errors = toMetaSchemaErrors(validateMeta.errors ?? [], documentPath);
    throw new SchemaCompileError('invalid_schema', 'the schema does not conform to its meta-schema', {
      errors,
    });
  }
  const { missing, reached } = resolveReferences(schema, dialect, dedupeReferences(references));
  if (missing.length > 0) {
    throw new SchemaCompileError('unresolved_reference', `unresolved references: ${missing.join(', ')}`, {
      missing,
    });
  }

  const ajv = createAjv(dialect, { validateSchema: false });
  let validateFunction: ValidateFunction;
  try {
    for (const reference of reached) {
      ajv.addSchema(
        stripNullable(reference.schema, detectDialect(reference.schema)) as object,
        reference.uri,
      );
    }
    validateFunction = ajv.compile(stripNullable(schema, dialect) as object | boolean);
  } catch (error) {
    throw asCompileError(error);
  }
  return new AjvValidator(dialect, validateFunction);
}

/**
 * The documents among `candidates` that a schema's `$ref`s reach, directly or through each other, resolved
 * against the base URI in force where each `$ref` stands (so `"base.json#/definitions/x"` in a schema whose `$id`
 * is `https://example.com/a.json` reaches `https://example.com/base.json`), and the URIs reached that no candidate
 * defines. The rule {@link compileSchema} follows: a caller may hand over a whole registry, and codegen or a local
 * validator pass on what this returns. Candidates that define a URI the schema defines itself are never used.
 * @throws SchemaCompileError `invalid_schema` when the document has no usable shape.
 */
export function reachedReferences(
  input: SchemaInput,
  candidates: ReferencedSchema[],
): { reached: ReferencedSchema[]; missing: string[] } {
  const { dialect, schema } = prepareSchema(input);
  return resolveReferences(schema, dialect, dedupeReferences(candidates));
}

const VALIDATION_DID_NOT_FINISH: ValidationError = {
  path: '',
  keyword: 'schema',
  message: 'validation did not finish: the schema recurses without consuming the value',
  schemaPath: '#',
};

class AjvValidator implements CompiledValidator {
  constructor(
    readonly dialect: Dialect,
    private readonly validateFunction: ValidateFunction,
  ) {}
  validate(value: unknown): ValidationError[] | null {
    try {
      if (this.validateFunction(value)) return null;
    } catch (error) {
      // Some $dynamicRef cycles make ajv's generated code recurse forever; the value is refused, not the caller.
      if (error instanceof RangeError) return [VALIDATION_DID_NOT_FINISH];
      throw error;
    }
    return toValidationErrors(this.validateFunction.errors as ErrorObject[]);
  }
}

function dedupeReferences(references: ReferencedSchema[]): ReferencedSchema[] {
  const byUri = new Map<string, ReferencedSchema>();
  for (const reference of references) {
    const key = normalizeUri(reference.uri);
    if (!byUri.has(key)) byUri.set(key, reference);
  }
  return [...byUri.values()];
}

/**
 * Follows the schema's external references through the supplied documents, transitively. `missing`: every URI
 * reached that no document defines; `reached`: the documents reached, in the order given. A document that
 * defines a URI the schema defines itself is never used for it: the schema being compiled wins. References
 * nobody reaches are not inspected: the registry may pass more than is needed.
 */
function resolveReferences(
  schema: unknown,
  dialect: Dialect,
  references: ReferencedSchema[],
): { missing: string[]; reached: ReferencedSchema[] } {
  const isKnown = (uri: string) => isBuiltInSchemaUri(dialect, uri);
  const main = collectReferences(schema, dialect, isKnown);
  const ownUris = new Set(main.defined);
  const documentByUri = new Map<string, ReferencedSchema>();
  const scanned = new Map<ReferencedSchema, string[]>();
  for (const reference of references) {
    const uri = normalizeUri(reference.uri);
    if (ownUris.has(uri)) continue;
    const found = collectReferences(
      reference.schema,
      detectDialect(reference.schema),
      isKnown,
      reference.uri,
    );
    // a document that would also define one of the schema's own URIs cannot sit beside it
    if (found.defined.some((defined) => ownUris.has(defined))) continue;
    scanned.set(reference, found.external);
    for (const defined of [uri, ...found.defined]) {
      if (!documentByUri.has(defined)) documentByUri.set(defined, reference);
    }
  }
  const pending = [...main.external];
  const missing = new Set<string>(main.unresolvable);
  const visited = new Set<ReferencedSchema>();
  while (pending.length > 0) {
    const uri = pending.pop()!;
    const reference = documentByUri.get(uri);
    if (!reference) {
      missing.add(uri);
    } else if (!visited.has(reference)) {
      visited.add(reference);
      pending.push(...(scanned.get(reference) ?? []).filter((next) => !ownUris.has(next)));
    }
  }
  return { missing: [...missing].sort(), reached: references.filter((r) => visited.has(r)) };
}

function asCompileError(error: unknown): SchemaCompileError {
  if (error instanceof SchemaCompileError) return error;
  if (error instanceof UnsafePatternError) {
    return new SchemaCompileError('unsafe_pattern', error.message, { cause: error });
  }
  const missingSchema = (error as { missingSchema?: unknown }).missingSchema;
  if (typeof missingSchema === 'string') {
    const missing = [
      missingSchema === '' ? String((error as { missingRef?: unknown }).missingRef) : missingSchema,
    ];
    return new SchemaCompileError('unresolved_reference', `unresolved reference: ${missing[0]}`, {
      missing,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SchemaCompileError('invalid_schema', message, { cause: error });
}
