import type { EventBridgeSchemas } from './eventbridge-schemas.ts';
import type { RegistryPort } from './registry-port.ts';
import { hasErrorName, RegistryCreationError } from './sync-errors.ts';

/**
 * Creates the registry on the side being written, once per run and only when a version is about
 * to be written there: a dry run or an unchanged registry creates nothing. Every schema waiting on
 * the same creation shares its outcome, so a refusal surfaces as one {@link RegistryCreationError}.
 */
export class TargetRegistries {
  private localReady: Promise<void> | undefined;
  private remoteReady: Promise<void> | undefined;

  constructor(
    private readonly registry: string,
    private readonly port: RegistryPort,
    private readonly remote: EventBridgeSchemas,
    private readonly remoteExists: boolean,
  ) {}

  /** The schemagate registry, before a pulled version is registered. */
  ensureLocal(): Promise<void> {
    this.localReady ??= this.port.ensureRegistry(this.registry).catch((error) => {
      throw new RegistryCreationError('schemagate', this.registry, error);
    });
    return this.localReady;
  }

  /** The EventBridge registry, before a version is pushed; one created meanwhile by someone else is fine. */
  ensureRemote(): Promise<void> {
    if (this.remoteExists) return Promise.resolve();
    this.remoteReady ??= this.remote.createRegistry(this.registry).catch((error) => {
      if (hasErrorName(error, 'ConflictException')) return;
      throw new RegistryCreationError('EventBridge', this.registry, error);
    });
    return this.remoteReady;
  }
}
