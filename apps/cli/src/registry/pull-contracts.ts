import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '@schemagate/core';
import { isSchemagateError, type SchemagateClient } from '@schemagate/sdk';

export type FileOutcome = 'written' | 'unchanged';

/** What pulling one schema did to the folder. */
export interface PullResult {
  registry: string;
  name: string;
  version?: number;
  schemaFile: FileOutcome | 'skipped';
  configFile: FileOutcome | 'none';
  detail?: string;
}

export interface PullOptions {
  /** Pull only this registry; every registry otherwise. */
  registry?: string;
  onStep?: (registry: string, name: string) => void;
}

/**
 * Writes the latest version of each schema to `<dir>/<registry>/<name>/schema.json`, leaving examples alone. A
 * file whose JSON already equals the registry's (key order aside) is not touched, so a pull with no change
 * writes nothing and keeps people's formatting. `config.json` is written when the schema's settings differ from
 * its registry's defaults, or when the file exists and disagrees.
 */
export async function pullContracts(
  client: SchemagateClient,
  dir: string,
  options: PullOptions = {},
): Promise<PullResult[]> {
  const registries = options.registry
    ? [await client.getRegistry(options.registry)]
    : (await client.listRegistries()).items;
  const results: PullResult[] = [];
  for (const registry of registries) {
    assertPathSegment(registry.name);
    for await (const summary of client.listAllSchemas(registry.name)) {
      assertPathSegment(summary.name);
      options.onStep?.(registry.name, summary.name);
      const folder = join(dir, registry.name, summary.name);
      let latest: Awaited<ReturnType<SchemagateClient['getVersion']>>;
      try {
        latest = await client.getVersion(registry.name, summary.name, 'latest');
      } catch (error) {
        // Every version deleted or disabled: nothing to write.
        if (!isSchemagateError(error, 404)) throw error;
        results.push({
          registry: registry.name,
          name: summary.name,
          schemaFile: 'skipped',
          configFile: 'none',
          detail: 'no readable version',
        });
        continue;
      }
      const schemaFile = await writeJsonIfChanged(join(folder, 'schema.json'), latest.version.schema);
      const config = { compatibility: summary.compatibility, policy: summary.policy };
      const differsFromRegistry =
        config.compatibility !== registry.compatibility || config.policy !== registry.policy;
      const configPath = join(folder, 'config.json');
      const configFile =
        differsFromRegistry || (await exists(configPath))
          ? await writeJsonIfChanged(configPath, config)
          : 'none';
      results.push({
        registry: registry.name,
        name: summary.name,
        version: latest.version.version,
        schemaFile,
        configFile,
      });
    }
  }
  return results;
}

// A registry could answer with a name that means something to a file system; never let it climb out of `dir`.
function assertPathSegment(name: string): void {
  if (name === '.' || name === '..' || /[/\\]/.test(name) || name === '') {
    throw new Error(`refusing to write a folder named '${name}'`);
  }
}

async function writeJsonIfChanged(path: string, value: unknown): Promise<FileOutcome> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current !== undefined) {
    try {
      if (canonicalJson(JSON.parse(current)) === canonicalJson(value)) return 'unchanged';
    } catch {
      // not JSON any more: overwrite it with the registry's copy
    }
  }
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  return 'written';
}

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}
