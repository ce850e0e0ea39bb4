import type { SchemagateClient } from './client.ts';
import type { SchemaVersion } from './client-types.ts';

/**
 * The latest version of every schema of a registry, in listing order: what codegen and local validators read
 * so that `$ref`s between a registry's schemas resolve as the registry resolved them.
 */
export async function readLatestVersions(
  client: Pick<SchemagateClient, 'listAllSchemas' | 'getVersion'>,
  registry: string,
): Promise<SchemaVersion[]> {
  const versions: SchemaVersion[] = [];
  for await (const summary of client.listAllSchemas(registry)) {
    versions.push((await client.getVersion(registry, summary.name, 'latest')).version);
  }
  return versions;
}
