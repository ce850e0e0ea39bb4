import type { ErrorObject } from 'ajv';
import { appendPointer } from './json-pointer.ts';

/** One reason a value failed validation. */
export interface ValidationError {
  /**
   * JSON Pointer into the validated value: `''` for the root, `/items/0/sku`. For a missing required property
   * it points at the property that should be there (`/customer/email`); for a property that is not allowed, at
   * that property.
   */
  path: string;
  /** The schema keyword that failed (`required`, `type`, `pattern`, ...). */
  keyword: string;
  /** A human-readable explanation. */
  message: string;
  /** Where the failing keyword stands in the schema, as a URI fragment (`#/properties/sku/type`). */
  schemaPath: string;
}

/** Maps ajv's errors to {@link ValidationError}s. */
export function toValidationErrors(errors: readonly ErrorObject[]): ValidationError[] {
  return errors.map(toValidationError);
}

/**
 * Maps a meta-schema check's errors to {@link ValidationError}s whose paths point into the registered document
 * (`documentPath`), and says what a keyword with a closed set of values allows (`type: "strin"`: must be equal to
 * one of the allowed values: array, boolean, integer, ...).
 */
export function toMetaSchemaErrors(
  errors: readonly ErrorObject[],
  documentPath: (pointer: string) => string,
): ValidationError[] {
  return errors.map((error) => {
    const mapped = toValidationError(error);
    const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
    const message = Array.isArray(allowed)
      ? `${mapped.message}: ${allowed.map((value) => JSON.stringify(value)).join(', ')}`
      : mapped.message;
    return { ...mapped, message, path: documentPath(mapped.path) };
  });
}

function toValidationError(error: ErrorObject): ValidationError {
  const params = error.params as Record<string, unknown>;
  return {
    path: errorPath(error.instancePath, params),
    keyword: error.keyword,
    message: error.message ?? `must pass "${error.keyword}"`,
    schemaPath: error.schemaPath,
  };
}

function errorPath(instancePath: string, params: Record<string, unknown>): string {
  const property = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
  return typeof property === 'string' ? appendPointer(instancePath, property) : instancePath;
}
