import type { Problem } from '@schemagate/api';
import type { z } from 'zod';

/** An RFC 9457 problem as the server sends it, with its stable `code`. */
export type ProblemDetails = z.output<typeof Problem>;

/**
 * What every failed call of the client throws: the server's problem+json, or one made up locally when the
 * request never got an answer (`status` 0, `code` `timeout` or `network_error`) or the answer was not a
 * problem document.
 */
export class SchemagateError extends Error {
  override readonly name = 'SchemagateError';
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** The stable error code (`not_found`, `incompatible`, ...). */
  readonly code: string;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails, options?: { cause?: unknown }) {
    super(problemMessage(problem), options);
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

/** How many of a problem's `errors[]` the message names; the rest are counted. */
const NAMED_ERRORS = 3;

/**
 * The title, then the detail; a problem without a detail names its first `errors[]` (`pointer: message`), so a
 * refused schema says why and where (`Not a valid schema: /components/schemas: ...`), not only its title.
 */
function problemMessage(problem: ProblemDetails): string {
  if (problem.detail) return `${problem.title}: ${problem.detail}`;
  const named = (problem.errors ?? []).flatMap((error) => {
    const { path, message } = (error ?? {}) as { path?: unknown; message?: unknown };
    return typeof message === 'string'
      ? [typeof path === 'string' ? `${path || '/'}: ${message}` : message]
      : [];
  });
  if (named.length === 0) return problem.title;
  const more = named.length > NAMED_ERRORS ? ` (and ${named.length - NAMED_ERRORS} more)` : '';
  return `${problem.title}: ${named.slice(0, NAMED_ERRORS).join('; ')}${more}`;
}

/** True when `value` is a {@link SchemagateError}, optionally with the given code or status. */
export function isSchemagateError(value: unknown, codeOrStatus?: string | number): value is SchemagateError {
  if (!(value instanceof SchemagateError)) return false;
  if (codeOrStatus === undefined) return true;
  return typeof codeOrStatus === 'number' ? value.status === codeOrStatus : value.code === codeOrStatus;
}
