export {
  createEmulatorApp,
  type EmulatorFaults,
  type EmulatorOptions,
  type EmulatorState,
} from './emulator-app.ts';
export {
  type AcceptedEvent,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  type PutEventsCall,
} from './put-events-api.ts';
export { type PutEventsEntry, type PutEventsEntryErrorCode, PutEventsFaults } from './put-events-faults.ts';
export {
  type EventBridgeSchemaType,
  MAX_SCHEMA_CONTENT_CHARS,
  SchemaStore,
  type StoredRegistry,
  type StoredSchema,
  type StoredSchemaVersion,
} from './schema-store.ts';
export { SCHEMAS_ERROR_STATUS, SchemasError, type SchemasErrorCode } from './schemas-error.ts';
export { type FaultScope, SchemasFaults } from './schemas-faults.ts';
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './start-emulator.ts';
