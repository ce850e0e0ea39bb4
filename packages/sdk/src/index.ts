/**
 * The schemagate SDK: a typed HTTP client for the registry, local validation, an EventBridge producer and
 * consumer helpers. One line per part.
 */

// consumers get the gate's idempotency around their own handlers; the hono middleware stays in its package
export {
  createIdempotencyStore,
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type MakeIdempotentOptions,
  makeIdempotent,
  startSweeper,
} from '@schemagate/idempotency/consumer';
export * from './client/index.ts';
export * from './consumer/index.ts';
export * from './folder/index.ts';
export * from './producer/index.ts';
export {
  type CachedVersion,
  createValidator,
  type RegistryValidator,
  type ValidatorOptions,
} from './validator/create-validator.ts';
export type * from './validator/event-validator.ts';
