import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Contract, ContractFormat } from './contracts-folder.ts';
import { ContractsFolderError, formatOf, parseConfig } from './contracts-folder.ts';

const run = promisify(execFile);

/** The version a contract is checked against; undefined when the schema is new there. */
export interface Baseline {
  format: ContractFormat;
  schema: unknown;
  version: number;
  config: Contract['config'];
}

/** Reads the baseline of each contract. */
export type BaselineSource = (contract: Contract) => Promise<Baseline | undefined>;

/**
 * Baselines from the same folder at a git ref (`git show REF:path`), so no server is needed. A
 * schema absent at the ref is new.
 */
export async function gitBaseline(folder: string, ref: string): Promise<BaselineSource> {
  const cwd = path.resolve(folder);
  const top = await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new ContractsFolderError(`${folder} is not inside a git repository`);
  });
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new ContractsFolderError(`git ref ${ref} does not name a commit`);
  });
  const prefix = path.relative(top.trim(), cwd).split(path.sep).join('/');
  return async (contract) => {
    const file = [prefix, contract.schemaPath].filter((part) => part !== '').join('/');
    let text: string;
    try {
      text = await git(cwd, ['show', `${ref}:${file}`]);
    } catch {
      return undefined;
    }
    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch {
      throw new ContractsFolderError(`${ref}:${file} is not valid JSON`);
    }
    return { format: formatOf(schema), schema, version: 0, config: {} };
  };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
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
      throw new ContractsFolderError(`cannot reach ${root}: ${(error as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new ContractsFolderError(
        `GET ${url} answered ${response.status} ${await response.text().catch(() => '')}`.trim(),
      );
    }
    return response.json();
  };
  return async (contract) => {
    const base = `${root}/v1/registries/${encodeURIComponent(contract.registry)}/schemas/${encodeURIComponent(contract.name)}`;
    const latest = (await get(`${base}/versions/latest`)) as
      | { schema: unknown; format?: ContractFormat; version?: number }
      | undefined;
    if (latest === undefined) return undefined;
    const config = parseConfig(await get(`${base}/config`), `${base}/config`);
    return {
      format: latest.format ?? formatOf(latest.schema),
      schema: latest.schema,
      version: latest.version ?? 0,
      config,
    };
  };
}
