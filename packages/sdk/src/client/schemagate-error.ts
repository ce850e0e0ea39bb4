import { isProblemCode, type Problem, type ProblemCode } from '@schemagate/api';
import type { z } from 'zod';

/**
 * An RFC 9457 problem as it arrived. Its `code` stays a string: a newer server may send a code this SDK does not
 * know, and a proxy may answer with a document of its own. {@link SchemagateError.code} is the typed reading.
 */
export type ProblemDetails = WithoutCode<z.output<typeof Problem>> & { code: string };

/** `Omit<T, 'code'>` would also drop the known members of a passthrough object; this keeps them. */
type WithoutCode<T> = { [K in keyof T as K extends 'code' ? never : K]: T[K] };

/**
 * The codes the SDK makes up itself: `timeout` and `network_error` when no answer arrived (`status` 0), and
 * `http_<status>` when the answer carried no code of the API (a proxy's page, or a code newer than this SDK).
 */
export type TransportErrorCode = 'timeout' | 'network_error' | `http_${number}`;

/** What {@link SchemagateError.code} can be: a code of the API, or one of the SDK's own. */
export type SchemagateErrorCode = ProblemCode | TransportErrorCode;

/**
 * What every failed call of the client throws: the server's problem+json, or one made up locally when the
 * request never got an answer (`status` 0, `code` `timeout` or `network_error`) or the answer was not a
 * problem document.
 */
export class SchemagateError extends Error {
  override readonly name = 'SchemagateError';
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** The stable error code (`not_found`, `incompatible`, ..., or the SDK's own `timeout`, `network_error`, `http_502`). */
  readonly code: SchemagateErrorCode;
  /** The problem document as received; its `code` may be one this SDK does not know. */
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails, options?: { cause?: unknown }) {
    super(problemMessage(problem), options);
    this.status = problem.status;
    this.code = errorCodeOf(problem);
    this.problem = problem;
  }
}

function errorCodeOf(problem: ProblemDetails): SchemagateErrorCode {
  if (isProblemCode(problem.code)) return problem.code;
  if (problem.status === 0 && (problem.code === 'timeout' || problem.code === 'network_error'))
    return problem.code;
  return `http_${problem.status}`;
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
export function isSchemagateError(
  value: unknown,
  codeOrStatus?: SchemagateErrorCode | number,
): value is SchemagateError {
  if (!(value instanceof SchemagateError)) return false;
  if (codeOrStatus === undefined) return true;
  return typeof codeOrStatus === 'number' ? value.status === codeOrStatus : value.code === codeOrStatus;
}
