import { type UnstorableValue, unstorableRefusal } from '@schemagate/core';
import { AppError } from './errors.ts';

/**
 * A 422 naming, by JSON Pointer into `place` (the body, the query string, an event), each value that storage
 * cannot keep as written: a number JSON.parse read as ±Infinity (`number_out_of_range`: stored, it would read back
 * as `null`), or text with NUL or a lone surrogate (`unstorable_text`: Postgres refuses the one and replaces the
 * other). Numbers come first, as they would change meaning.
 */
export function unstorableProblem(found: readonly UnstorableValue[], place: string): AppError {
  const { code, values } = unstorableRefusal(found);
  const errors = values.map(({ path, message }) => ({ path, message }));
  const what =
    code === 'number_out_of_range'
      ? 'a number beyond what a 64-bit float holds (about ±1.8e308)'
      : 'text that cannot be stored (NUL, or a lone surrogate)';
  const at = errors.map((e) => e.path || '/').join(', ');
  return new AppError(code, { detail: `The ${place} holds ${what} at ${at}`, errors });
}
