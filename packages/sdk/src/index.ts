/**
 * The schemagate SDK: a typed HTTP client for the registry, local validation, an EventBridge producer and
 * consumer helpers. One line per part.
 */
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
