/**
 * `@schemagate/idempotency/consumer`: makeIdempotent and the stores, without the hono middleware, so that its
 * declarations need neither hono nor drizzle installed (the SDK re-exports this entry).
 */
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
