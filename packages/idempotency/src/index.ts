/**
 * The IETF Idempotency-Key header (draft 07) for hono apps, `makeIdempotent` for consumers' handlers, and the
 * stores both keep their records in: Postgres, PGlite, or memory.
 */
export * from './consumer.ts';
export { requestFingerprint } from './fingerprint.ts';
export { MAX_KEY_LENGTH, parseIdempotencyKey } from './idempotency-key-header.ts';
export {
  type IdempotencyContext,
  type IdempotencyOptions,
  idempotency,
  isRetryableStatus,
} from './middleware.ts';
export { IDEMPOTENCY_PROBLEMS, type IdempotencyProblemCode } from './problems.ts';
export { REPLAYED_HEADERS, replayResponse, toStoredResponse } from './stored-response.ts';
