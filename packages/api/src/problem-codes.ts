import { z } from '@hono/zod-openapi';

/**
 * The closed set of `code`s a schemagate problem+json carries. The server maps each to one HTTP status (a code
 * missing from its map fails its typecheck), the OpenAPI document lists them, and the SDK types
 * `SchemagateError.code` with them.
 */
export const PROBLEM_CODES = [
  'bad_request',
  'invalid_json',
  'unauthorized',
  'missing_key',
  'invalid_key',
  'forbidden',
  'not_found',
  'no_schema_for_event',
  'conflict',
  'ambiguous_route',
  'incompatible',
  'referenced',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_schema',
  'unresolved_reference',
  'unsafe_pattern',
  'too_deep',
  'schema_too_complex',
  'validation_budget_exceeded',
  'version_disabled',
  'number_out_of_range',
  'unstorable_text',
  'invalid_request',
  'event_invalid',
  'event_unforwardable',
  'idempotency_key_missing',
  'idempotency_key_invalid',
  'idempotency_key_in_flight',
  'idempotency_key_reused',
  'too_many_versions',
  'rate_limited',
  'internal',
  'unavailable',
  'storage_unavailable',
  'overloaded',
] as const;

export const ProblemCode = z
  .enum(PROBLEM_CODES)
  .openapi('ProblemCode', { description: 'The stable code of a problem', example: 'not_found' });

/** One of {@link PROBLEM_CODES}. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

const problemCodes: ReadonlySet<string> = new Set(PROBLEM_CODES);

/** True when `value` is one of the {@link PROBLEM_CODES} (not merely a string some other service chose). */
export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && problemCodes.has(value);
}
