import { PutSchemaConfigBody } from '@schemagate/api';
import { isOpenApiDocument } from '@schemagate/core';
import { type FolderContract, loadSchemaFolder, SchemaFolderError } from '@schemagate/sdk';
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
 * Baselines from a running registry: the latest version and the schema's config. A 404 means the
 * schema is new there.
 */
export function registryBaseline(baseUrl: string, key: string | undefined): BaselineSource {
  const root = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const get = async (url: string): Promise<unknown | undefined> => {
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (error) {
      throw new BaselineError(`cannot reach ${root}: ${(error as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new BaselineError(
        `GET ${url} answered ${response.status} ${await response.text().catch(() => '')}`.trim(),
      );
    }
    return response.json();
  };
  return async (contract) => {
    const base = `${root}/v1/registries/${encodeURIComponent(contract.registry)}/schemas/${encodeURIComponent(contract.name)}`;
    const latest = (await get(`${base}/versions/latest`)) as
      | { schema: unknown; format?: Baseline['format']; version?: number }
      | undefined;
    if (latest === undefined) return undefined;
    const config = parseConfig(await get(`${base}/config`), `${base}/config`);
    return {
      format: latest.format ?? (isOpenApiDocument(latest.schema) ? 'openapi3' : 'jsonschema'),
      schema: latest.schema,
      version: latest.version ?? 0,
      config,
    };
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
