export { clientTokenFor } from './client-token.ts';
export {
  type DialectOf,
  type EventBridgeContent,
  fromEventBridgeContent,
  toEventBridgeContent,
} from './content-conversion.ts';
export {
  convertToDraft04,
  DRAFT_04_URI,
  type Draft04Conversion,
  type SourceDialect,
} from './draft04-conversion.ts';
export { type EventBridgeLink, readLink } from './eventbridge-link.ts';
export { createSchemasClient, EventBridgeSchemas } from './eventbridge-schemas.ts';
export { createHttpRegistryPort, type RegistryHttpClient } from './http-registry-port.ts';
export { InMemoryRegistryPort } from './in-memory-registry-port.ts';
export {
  type LocalVersion,
  type LocalVersionSummary,
  type RegisterResult,
  type RegistryPort,
  type SchemaFormat,
  UNRESOLVED_REFERENCE,
} from './registry-port.ts';
export {
  DEFAULT_RETRY_POLICY,
  fullJitterDelay,
  isRetryableAwsError,
  type RetryPolicy,
  withRetry,
} from './retry.ts';
export { type SyncOptions, type SyncProgress, syncEventBridge } from './sync-eventbridge.ts';
export type { SchemaPlan, SyncDirection } from './sync-plan.ts';
export type { SyncAction, SyncConflict, SyncError, SyncRefusal, SyncResult } from './sync-result.ts';
