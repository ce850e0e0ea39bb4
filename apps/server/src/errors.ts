import type { ProblemCode } from '@schemagate/api';
import { StoreError, storageFaultReason } from '@schemagate/db';
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The HTTP status of each code of the API's closed set ({@link ProblemCode}, declared in `@schemagate/api`). */
export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  missing_key: 401,
  invalid_key: 401,
  forbidden: 403,
  not_found: 404,
  no_schema_for_event: 404,
  conflict: 409,
  ambiguous_route: 409,
  incompatible: 409,
  referenced: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_schema: 422,
  unresolved_reference: 422,
  unsafe_pattern: 422,
  too_deep: 422,
  schema_too_complex: 422,
  validation_budget_exceeded: 422,
  version_disabled: 422,
  number_out_of_range: 422,
  unstorable_text: 422,
  invalid_request: 422,
  event_invalid: 422,
  event_unforwardable: 422,
  idempotency_key_missing: 400,
  idempotency_key_invalid: 400,
  idempotency_key_in_flight: 409,
  idempotency_key_reused: 422,
  too_many_versions: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  storage_unavailable: 503,
  overloaded: 503,
} as const satisfies Record<ProblemCode, ContentfulStatusCode>;

const titles: Record<ProblemCode, string> = {
  bad_request: 'Bad request',
  invalid_json: 'The body is not valid JSON',
  unauthorized: 'Unauthorized',
  missing_key: 'No API key was sent',
  invalid_key: 'The API key is not valid',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  no_schema_for_event: 'No schema matches this event',
  conflict: 'Conflict',
  ambiguous_route: 'Several schemas match this event',
  incompatible: 'Incompatible with earlier versions',
  referenced: 'Still referenced by other versions',
  payload_too_large: 'Body over the size limit',
  unsupported_media_type: 'Unsupported media type',
  invalid_schema: 'Not a valid schema',
  unresolved_reference: 'A $ref cannot be resolved',
  unsafe_pattern: 'A pattern could take exponential time',
  too_deep: 'The value is nested too deeply',
  schema_too_complex: 'The schema is too complex to analyse within the limits',
  validation_budget_exceeded: 'Validating this would take longer than the budget allows',
  version_disabled: 'The version is disabled',
  number_out_of_range: 'A number is beyond what a 64-bit float holds',
  unstorable_text: 'Text that cannot be stored',
  invalid_request: 'The request does not match the API',
  event_invalid: 'The event breaks its schema',
  event_unforwardable: 'The event passes its schema but EventBridge could never take it',
  idempotency_key_missing: 'An Idempotency-Key header is required',
  idempotency_key_invalid: 'The Idempotency-Key header is malformed',
  idempotency_key_in_flight: 'A request with this Idempotency-Key is still being processed',
  idempotency_key_reused: 'This Idempotency-Key was used for a different request',
  too_many_versions: 'The schema holds as many versions as it may',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
  storage_unavailable: 'Storage is unavailable',
  overloaded: 'The server is overloaded',
};

export interface AppErrorOptions {
  detail?: string;
  errors?: unknown[];
  /** Extra members of the problem document, such as a compatibility `report`. */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The one error type of the server; the error handler turns it into RFC 9457 problem+json. */
export class AppError extends Error {
  readonly code: ProblemCode;
  readonly status: ContentfulStatusCode;
  readonly detail: string | undefined;
  readonly errors: unknown[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ProblemCode, options: AppErrorOptions = {}) {
    super(options.detail ?? titles[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.headers = options.headers;
  }
}

export function problemBody(code: ProblemCode, options: AppErrorOptions = {}, instance?: string) {
  return {
    type: `https://schemagate.dev/problems/${code.replaceAll('_', '-')}`,
    title: titles[code],
    status: errorStatus[code],
    code,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
    ...(instance ? { instance } : {}),
    ...options.extensions,
  };
}

export function problemResponse(c: Context, code: ProblemCode, options: AppErrorOptions = {}): Response {
  const body = JSON.stringify(problemBody(code, options, c.req.path));
  return new Response(body, {
    status: errorStatus[code],
    headers: { 'content-type': 'application/problem+json', ...options.headers },
  });
}

/** Seconds a client is asked to wait before retrying while storage is unavailable. */
export const STORAGE_RETRY_AFTER_SECONDS = 1;

/**
 * The answer while storage cannot serve: 503 `storage_unavailable` with `Retry-After`, so clients that retry
 * 503s (the SDK does) come back instead of giving up.
 */
export function storageUnavailable(c: Context, reason?: string): Response {
  return problemResponse(c, 'storage_unavailable', {
    detail: `Storage cannot serve this request now${reason ? ` (${reason})` : ''}; retry shortly`,
    headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
  });
}

const httpExceptionCodes: Partial<Record<number, ProblemCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * One error handler, three branches: ours, hono's HTTPException, and anything else (logged, 500, no
 * internals in the answer).
 */
export function createErrorHandler(log: (message: string, error: unknown) => void): ErrorHandler {
  return function handleError(error, c) {
    if (error instanceof AppError) return problemResponse(c, error.code, error);
    if (error instanceof StoreError) return problemResponse(c, error.code, { detail: error.message });
    if (error instanceof HTTPException) {
      if (error.status === 400 && /malformed json/i.test(error.message)) {
        return problemResponse(c, 'invalid_json', { detail: 'The request body could not be parsed as JSON' });
      }
      const code = httpExceptionCodes[error.status] ?? (error.status >= 500 ? 'internal' : 'bad_request');
      return problemResponse(c, code, { detail: error.message || undefined });
    }
    const fault = storageFaultReason(error);
    if (fault) return storageUnavailable(c, fault);
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return problemResponse(c, 'too_deep', { detail: 'The input is nested too deeply to process' });
    }
    log(`unhandled error on ${c.req.method} ${c.req.path}`, error);
    return problemResponse(c, 'internal');
  };
}
