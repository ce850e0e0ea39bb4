import { join } from 'node:path';
import { PutSchemaConfigBody, RegistryName, SchemaName } from '@schemagate/api';
import { analyzeSchema, isOpenApiDocument } from '@schemagate/core';
import type { z } from 'zod';
import { type FolderSource, fileSystemSource } from './folder-source.ts';
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
  /** Path of `schema.json`, relative to the folder that was loaded. */
  schemaFile: string;
  /** `schema.json` as written, so a finding can name the line a JSON Pointer lands on. */
  text: string;
  /** From `config.json`, when there is one. */
  config?: z.output<typeof PutSchemaConfigBody>;
  /** Empty when loaded with `examples: false`. */
  examples: { valid: FolderExample[]; invalid: FolderExample[] };
  /** The root `$id` (without fragment), when the schema has one. */
  id?: string;
  /** Absolute URIs the schema references and does not define; other contracts' `$id`s among them. */
  references: string[];
}

export interface LoadSchemaFolderOptions {
  /** Load only this registry's folder. */
  registry?: string;
  /** Where the files come from; the file system when not given. */
  source?: FolderSource;
  /** Read `examples/{valid,invalid}`; default true. A baseline to compare against needs only the schemas. */
  examples?: boolean;
}

/**
 * Reads a `schemas/` folder (`<registry>/<name>/schema.json`, optional `config.json`,
 * `examples/{valid,invalid}/*.json`) into contracts, each registry's contracts ordered so that a contract
 * comes after those whose `$id` it references. Files other than these, and folders whose name starts with a
 * dot, are ignored; a malformed one throws a {@link SchemaFolderError} naming it.
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
  const reader = new ContractReader(dir, options.source ?? fileSystemSource, options.examples ?? true);
  const registries = (await reader.subfolders(dir)).filter(
    (r) => !options.registry || r === options.registry,
  );
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
    for (const name of await reader.subfolders(registryPath)) {
      const contract = await reader.contract(registry, name);
      if (contract) loaded.push(contract);
    }
    contracts.push(...orderByReferences(loaded));
  }
  return contracts;
}

// One load's settings, so that each step reads through the same source.
class ContractReader {
  constructor(
    private readonly dir: string,
    private readonly source: FolderSource,
    private readonly withExamples: boolean,
  ) {}

  async contract(registry: string, name: string): Promise<FolderContract | undefined> {
    const schemaFile = join(registry, name, 'schema.json');
    const schemaPath = join(this.dir, schemaFile);
    const text = await this.source.readText(schemaPath);
    if (text === undefined) return undefined;
    if (!SchemaName.safeParse(name).success) {
      throw new SchemaFolderError(join(this.dir, registry, name), 'a schema name is [A-Za-z0-9._@-]{1,385}');
    }
    const schema = parseJson(text, schemaPath);
    const format = isOpenApiDocument(schema) ? 'openapi3' : 'jsonschema';
    const analysis = analyzeSchema({ format, schema });
    const contract: FolderContract = {
      registry,
      name,
      format,
      schema,
      schemaFile,
      text,
      examples: {
        valid: await this.examples(join(registry, name, 'examples', 'valid')),
        invalid: await this.examples(join(registry, name, 'examples', 'invalid')),
      },
      // A schema the registry would refuse still loads: the refusal is the registry's to explain.
      references: analysis.ok ? analysis.analysis.references : [],
    };
    if (analysis.ok && analysis.analysis.id) contract.id = analysis.analysis.id.replace(/#.*$/, '');
    const config = await this.config(join(this.dir, registry, name, 'config.json'));
    if (config) contract.config = config;
    return contract;
  }

  async subfolders(path: string): Promise<string[]> {
    const entries = await this.source.list(path);
    if (entries === undefined) throw new SchemaFolderError(path, 'no such folder');
    return entries.folders.filter((name) => !name.startsWith('.')).sort();
  }

  private async examples(folder: string): Promise<FolderExample[]> {
    if (!this.withExamples) return [];
    const entries = await this.source.list(join(this.dir, folder));
    const files = (entries?.files ?? []).filter((name) => name.endsWith('.json')).sort();
    const examples: FolderExample[] = [];
    for (const name of files) {
      const file = join(folder, name);
      const path = join(this.dir, file);
      const text = await this.source.readText(path);
      if (text === undefined) throw new SchemaFolderError(path, 'cannot be read');
      examples.push({ file, event: parseJson(text, path) });
    }
    return examples;
  }

  private async config(path: string): Promise<FolderContract['config']> {
    const text = await this.source.readText(path);
    if (text === undefined) return undefined;
    const parsed = PutSchemaConfigBody.safeParse(parseJson(text, path));
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new SchemaFolderError(path, `not a schema config: ${issues}`);
    }
    return parsed.data;
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SchemaFolderError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
