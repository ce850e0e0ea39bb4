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
// the schemas/ folder reader lives in its own package (the server and CLI use it without the SDK); re-exported as
// it always was
export {
  type FolderContract,
  type FolderEntries,
  type FolderExample,
  type FolderSource,
  fileSystemSource,
  type LoadSchemaFolderOptions,
  loadSchemaFolder,
  orderByReferences,
  type ReferencingContract,
  SchemaFolderError,
} from '@schemagate/schemas-folder';
export * from './client/index.ts';
export * from './consumer/index.ts';
export * from './producer/index.ts';
export {
  type CachedVersion,
  createValidator,
  type RegistryValidator,
  type ValidatorOptions,
} from './validator/create-validator.ts';
export type * from './validator/event-validator.ts';
