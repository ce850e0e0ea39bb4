import type { FolderContract } from '@schemagate/schemas-folder';
import type { Logger } from './app.ts';
import type { RegistryService } from './services/registry-service.ts';

/**
 * Registers a folder's contracts (already ordered so a `$ref` target comes first) into an empty registry,
 * with their `config.json` settings. A contract that fails is logged and the rest go on.
 */
export async function seedContracts(
  registry: RegistryService,
  contracts: FolderContract[],
  log: Logger,
): Promise<{ registered: number; failed: string[] }> {
  let registered = 0;
  const failed: string[] = [];
  for (const contract of contracts) {
    try {
      await registry.registerVersion(contract.registry, contract.name, {
        schema: contract.schema,
        format: contract.format,
      });
      if (contract.config) await registry.putSchemaConfig(contract.registry, contract.name, contract.config);
      registered++;
    } catch (error) {
      failed.push(`${contract.registry}/${contract.name}`);
      log.error(`seed: ${contract.registry}/${contract.name} was not registered`, error);
    }
  }
  return { registered, failed };
}
