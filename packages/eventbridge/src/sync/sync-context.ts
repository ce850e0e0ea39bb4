import type { DialectOf } from './content-conversion.ts';
import type { EventBridgeSchemas } from './eventbridge-schemas.ts';
import type { RegistryPort } from './registry-port.ts';
import type { SyncDirection } from './sync-plan.ts';
import type { SyncResult } from './sync-result.ts';
import type { TargetRegistries } from './target-registries.ts';

/** What every step of one sync run shares: both sides, the run's settings, and the result it fills in. */
export interface SyncContext {
  /** The registry name, the same on both sides. */
  registry: string;
  direction: SyncDirection;
  dryRun: boolean;
  dialectOf: DialectOf;
  port: RegistryPort;
  remote: EventBridgeSchemas;
  targets: TargetRegistries;
  result: SyncResult;
}
