import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutSchemaConfigBody, RegistryName, SchemaName } from '@schemagate/api';
import { analyzeSchema, isOpenApiDocument } from '@schemagate/core';
import type { z } from 'zod';
import { orderByReferences } from './order-by-references.ts';
import { SchemaFolderError } from './schema-folder-error.ts';

/** One example event of a contract. */
export interface FolderExample {
  /** Path of the file, relative to the folder that was loaded. */
  file: string;
  event: unknown;
}

/** One contract of a `schemas/` folder, as the registry would receive it. */
export interface FolderContract {
  registry: string;
  name: string;
  format: 'jsonschema' | 'openapi3';
  schema: unknown;
  /** From `config.json`, when there is one. */
  config?: z.output<typeof PutSchemaConfigBody>;
  examples: { valid: FolderExample[]; invalid: FolderExample[] };
  /** The root `$id` (without fragment), when the schema has one. */
  id?: string;
  /** Absolute URIs the schema references and does not define; other contracts' `$id`s among them. */
  references: string[];
}

export interface LoadSchemaFolderOptions {
  /** Load only this registry's folder. */
  registry?: string;
}

/**
 * Reads a `schemas/` folder (`<registry>/<name>/schema.json`, optional `config.json`,
 * `examples/{valid,invalid}/*.json`) into contracts, each registry's contracts ordered so that a contract
 * comes after those whose `$id` it references. Files other than these are ignored; a malformed one throws
 * a {@link SchemaFolderError} naming it.
 *
 * @example
 * for (const contract of await loadSchemaFolder('schemas')) {
 *   await client.registerVersion(contract.registry, contract.name, { schema: contract.schema, format: contract.format });
 * }
 */
export async function loadSchemaFolder(
  dir: string,
  options: LoadSchemaFolderOptions = {},
): Promise<FolderContract[]> {
  const registries = (await subfolders(dir)).filter((r) => !options.registry || r === options.registry);
  if (options.registry && registries.length === 0) {
    throw new SchemaFolderError(join(dir, options.registry), 'no such registry folder');
  }
  const contracts: FolderContract[] = [];
  for (const registry of registries) {
    const registryPath = join(dir, registry);
    if (!RegistryName.safeParse(registry).success) {
      throw new SchemaFolderError(registryPath, 'a registry name is [A-Za-z0-9._-]{1,64}');
    }
    const loaded: FolderContract[] = [];
    for (const name of await subfolders(registryPath)) {
      const contract = await loadContract(dir, registry, name);
      if (contract) loaded.push(contract);
    }
    contracts.push(...orderByReferences(loaded));
  }
  return contracts;
}

async function loadContract(
  dir: string,
  registry: string,
  name: string,
): Promise<FolderContract | undefined> {
  const folder = join(dir, registry, name);
  const schema = await readJson(join(folder, 'schema.json'), { optional: true });
  if (schema === undefined) return undefined;
  if (!SchemaName.safeParse(name).success) {
    throw new SchemaFolderError(folder, 'a schema name is [A-Za-z0-9._@-]{1,385}');
  }
  const format = isOpenApiDocument(schema.value) ? 'openapi3' : 'jsonschema';
  const analysis = analyzeSchema({ format, schema: schema.value });
  const contract: FolderContract = {
    registry,
    name,
    format,
    schema: schema.value,
    examples: {
      valid: await readExamples(dir, join(folder, 'examples', 'valid')),
      invalid: await readExamples(dir, join(folder, 'examples', 'invalid')),
    },
    // A schema the registry would refuse still loads: the refusal is the registry's to explain.
    references: analysis.ok ? analysis.analysis.references : [],
  };
  if (analysis.ok && analysis.analysis.id) contract.id = analysis.analysis.id.replace(/#.*$/, '');
  const configFile = join(folder, 'config.json');
  const config = await readJson(configFile, { optional: true });
  if (config !== undefined) {
    const parsed = PutSchemaConfigBody.safeParse(config.value);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new SchemaFolderError(configFile, `not a schema config: ${issues}`);
    }
    contract.config = parsed.data;
  }
  return contract;
}

async function readExamples(root: string, folder: string): Promise<FolderExample[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(notFoundAs([]));
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => e.name)
    .sort();
  const examples: FolderExample[] = [];
  for (const file of files) {
    const path = join(folder, file);
    const { value } = (await readJson(path))!;
    examples.push({ file: path.slice(root.length).replace(/^[/\\]+/, ''), event: value });
  }
  return examples;
}

async function readJson(
  path: string,
  options: { optional?: boolean } = {},
): Promise<{ value: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SchemaFolderError(path, 'cannot be read', { cause: error });
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new SchemaFolderError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

async function subfolders(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new SchemaFolderError(path, `cannot be listed (${error.code ?? error.message})`, {
      cause: error,
    });
  });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

function notFoundAs<T>(fallback: T) {
  return (error: NodeJS.ErrnoException): T => {
    if (error.code === 'ENOENT') return fallback;
    throw error;
  };
}
