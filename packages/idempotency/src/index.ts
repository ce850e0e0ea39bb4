/**
 * The IETF Idempotency-Key header (draft 07) for hono apps, `makeIdempotent` for consumers' handlers, and the
 * stores both keep their records in: Postgres, PGlite, or memory.
 */
export { requestFingerprint } from './fingerprint.ts';
export { formatIdempotencyKey, MAX_KEY_LENGTH, parseIdempotencyKey } from './idempotency-key-header.ts';
export {
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  type MakeIdempotentOptions,
  makeIdempotent,
} from './make-idempotent.ts';
export {
  DEFAULT_TTL_SECONDS,
  type IdempotencyContext,
  type IdempotencyOptions,
  idempotency,
  isRetryableStatus,
} from './middleware.ts';
export { IDEMPOTENCY_PROBLEMS, type IdempotencyProblemCode } from './problems.ts';
export { createIdempotencyStore, type IdempotencyStoreOptions } from './store/create-store.ts';
export type { SqlDatabase, SqlExecutor } from './store/sql-store.ts';
export {
  type BeginRequest,
  type BeginResult,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
  type Lease,
  type StoredResponse,
  type StoreTimingOptions,
} from './store/types.ts';
export { REPLAYED_HEADERS, replayResponse, toStoredResponse } from './stored-response.ts';
export { type SweeperOptions, startSweeper } from './sweeper.ts';
