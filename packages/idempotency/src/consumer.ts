/**
 * `@schemagate/idempotency/consumer`: makeIdempotent, the stores and the key's wire form, without the hono
 * middleware, so that its declarations need neither hono nor drizzle installed (the SDK builds on this entry).
 */
export { formatIdempotencyKey } from './idempotency-key-header.ts';
export {
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  type MakeIdempotentOptions,
  makeIdempotent,
} from './make-idempotent.ts';
export { createIdempotencyStore, type IdempotencyStoreOptions } from './store/create-store.ts';
export {
  type BeginRequest,
  type BeginResult,
  type CompletedRecord,
  DEFAULT_TTL_SECONDS,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
  type Lease,
  type SqlDatabase,
  type SqlExecutor,
  type StoredResponse,
  type StoreTimingOptions,
} from './store/types.ts';
export { type SweeperOptions, startSweeper } from './sweeper.ts';
