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
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title, options);
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

/** True when `value` is a {@link SchemagateError}, optionally with the given code or status. */
export function isSchemagateError(value: unknown, codeOrStatus?: string | number): value is SchemagateError {
  if (!(value instanceof SchemagateError)) return false;
  if (codeOrStatus === undefined) return true;
  return typeof codeOrStatus === 'number' ? value.status === codeOrStatus : value.code === codeOrStatus;
}
