import type { ValidationError } from './validation-error.ts';

/** Why a schema could not be turned into a validator. */
export type SchemaCompileErrorCode = 'unresolved_reference' | 'invalid_schema' | 'unsafe_pattern';

/** Thrown by compileSchema when a schema cannot be compiled; `code` says why. */
export class SchemaCompileError extends Error {
  /** The absolute URIs nobody supplied, for `unresolved_reference`. */
  readonly missing?: string[];
  /** Details, with paths into the schema document, when there are any. */
  readonly errors: ValidationError[];
  constructor(
    readonly code: SchemaCompileErrorCode,
    message: string,
    details: { missing?: string[]; errors?: ValidationError[]; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SchemaCompileError';
    if (details.missing) this.missing = details.missing;
    this.errors = details.errors ?? [];
  }
}
