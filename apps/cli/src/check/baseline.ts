import { PutSchemaConfigBody } from '@schemagate/api';
import { type FolderContract, loadSchemaFolder, SchemaFolderError } from '@schemagate/schemas-folder';
import { createClient, isSchemagateError } from '@schemagate/sdk';
import type { Connection } from '../registry/connection.ts';
import { describeFailure } from '../registry/describe-failure.ts';
import { BaselineError } from './baseline-error.ts';
import { gitFolderSource } from './git-folder-source.ts';

/** The version a contract is checked against; undefined when the schema is new there. */
export interface Baseline {
  format: FolderContract['format'];
  schema: unknown;
  version: number;
  config: NonNullable<FolderContract['config']>;
}

/** Reads the baseline of each contract. */
export type BaselineSource = (contract: FolderContract) => Promise<Baseline | undefined>;

/**
 * Baselines from the same folder at a git ref, read by the SDK's folder loader through git, so no server
 * is needed. A schema absent at the ref, or a folder the ref does not have yet, is new. The mode and
 * policy stay the working folder's: the ref's `config.json` is not a fallback.
 */
export async function gitBaseline(folder: string, ref: string): Promise<BaselineSource> {
  const source = await gitFolderSource(folder, ref);
  if ((await source.list(folder)) === undefined) return async () => undefined;
  const contracts = await loadSchemaFolder(folder, { source, examples: false }).catch((error: unknown) => {
    if (error instanceof SchemaFolderError) throw new BaselineError(`at git ref ${ref}: ${error.message}`);
    throw error;
  });
  const byName = new Map(contracts.map((contract) => [`${contract.registry}/${contract.name}`, contract]));
  return async (contract) => {
    const found = byName.get(`${contract.registry}/${contract.name}`);
    return found && { format: found.format, schema: found.schema, version: 0, config: {} };
  };
}

/**
 * Baselines from a running registry, through the SDK's client: the latest version and the schema's config. A
 * 404 means the schema is new there; any other failure (no server, a refused key) is explained as every
 * registry command explains it.
 */
export function registryBaseline(connection: Connection): BaselineSource {
  const client = createClient({ url: connection.url, key: connection.key });
  const read = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      if (isSchemagateError(error, 404)) return undefined;
      throw new BaselineError(describeFailure(error, connection));
    }
  };
  return async ({ registry, name }) => {
    const latest = await read(() => client.getVersion(registry, name, 'latest'));
    if (latest === undefined) return undefined;
    const config = parseConfig(
      await read(() => client.getSchemaConfig(registry, name)),
      `${connection.url} config of ${registry}/${name}`,
    );
    const { format, schema, version } = latest.version;
    return { format, schema, version, config };
  };
}

/** Checks a registry's `{compatibility, policy}` answer as the registry's API would take it. */
function parseConfig(value: unknown, source: string): Baseline['config'] {
  const parsed = PutSchemaConfigBody.safeParse(value ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`,
    );
    throw new BaselineError(`${source}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
