/**
 * Storage for schemagate: the drizzle schema, the committed migrations and the queries, on embedded PGlite or
 * on Postgres through postgres.js, with one API.
 */
export {
  type Database,
  type DatabaseHandle,
  type OpenDatabaseOptions,
  openDatabase,
  type PostgresTimeouts,
  schema,
} from './client.ts';
export {
  DataFolderError,
  type DataFolderLayout,
  dataFolderLayout,
  secureDataFolder,
} from './data-folder.ts';
export { DataFolderInUseError } from './data-folder-lock.ts';
export { MIGRATIONS_FOLDER, migrate, readMigrations } from './migrate.ts';
export {
  compatibilityModes,
  compatibilityPolicies,
  keyScopes,
  schemaFormats,
  versionStates,
} from './schema/allowed-values.ts';
export {
  isStorageUnavailable,
  StorageTimeoutError,
  storageFault,
  storageFaultReason,
} from './storage-fault.ts';
export {
  createDeadLetterStore,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterMove,
  type DeadLetterReason,
  type DeadLetterStore,
  type NewDeadLetter,
} from './store/dead-letters.ts';
export {
  type ApiKeyRecord,
  type ApiKeyRow,
  apiKeyView,
  createKeyStore,
  hashApiKey,
  KEY_CHANGES_CHANNEL,
  KEY_PREFIX_LENGTH,
  type KeyLimits,
  type KeyRateLimit,
  type KeyScope,
  type KeyStore,
  keyPrefix,
} from './store/keys.ts';
export {
  type ClaimedEvent,
  createOutboxForwarding,
  type OutboxForwarding,
  type OutboxStats,
  type Reschedule,
} from './store/outbox-forwarding.ts';
export {
  type AcceptedEvent,
  deleteOutboxEvents,
  insertOutboxEvents,
  newEventId,
} from './store/outbox-writes.ts';
export { createRegistryStore } from './store/registry-store.ts';
export { StoreError } from './store/store-error.ts';
export type * from './store/types.ts';
