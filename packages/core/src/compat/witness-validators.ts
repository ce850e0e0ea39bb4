import { compileSchema } from '../compile.ts';
import type { ReferencedSchema, SchemaInput } from './types.ts';

/** Decides whether one version of a schema accepts a value, with the same rules as the registry. */
export type AcceptanceCheck = (value: unknown) => boolean;

/**
 * Compiles the registry's own validator for one schema version, so a witness is judged exactly as an
 * event would be. Returns undefined when the schema cannot be compiled (then no witness is proven).
 */
export function compileAcceptanceCheck(
  input: SchemaInput,
  references: ReferencedSchema[] = [],
): AcceptanceCheck | undefined {
  try {
    const validator = compileSchema(input, references);
    return (value) => validator.validate(value) === null;
  } catch {
    return undefined;
  }
}
