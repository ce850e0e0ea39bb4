import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PutSchemaConfigBody } from '@schemagate/api';
import type { CompatibilityMode, CompatibilityPolicy } from '@schemagate/core';

/** How a schema's `schema.json` is read: EventBridge's OpenAPI documents carry an `openapi` key. */
export type ContractFormat = 'jsonschema' | 'openapi3';

/** One example event of a contract. */
export interface ContractExample {
  file: string;
  value: unknown;
}

/** One `<registry>/<name>/` folder of the `schemas/` layout. */
export interface Contract {
  registry: string;
  name: string;
  /** Path of `schema.json`, relative to the folder that was checked. */
  schemaPath: string;
  /** Path of `schema.json` as given on the command line, for annotations. */
  displayPath: string;
  text: string;
  format: ContractFormat;
  schema: unknown;
  config: { compatibility?: CompatibilityMode; policy?: CompatibilityPolicy };
  valid: ContractExample[];
  invalid: ContractExample[];
}

/** A file that could not be read as the layout expects: a setup error, exit 2. */
export class ContractsFolderError extends Error {
  override name = 'ContractsFolderError';
}

/** The format of a schema document: an `openapi` key marks EventBridge's OpenAPI 3. */
export function formatOf(schema: unknown): ContractFormat {
  return schema !== null && typeof schema === 'object' && 'openapi' in schema ? 'openapi3' : 'jsonschema';
}

/** Reads every `<registry>/<name>/schema.json` under `root`, with its examples and config. */
export async function readContractsFolder(root: string): Promise<Contract[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new ContractsFolderError(`${root} is not a folder`);
  const contracts: Contract[] = [];
  for (const registry of await subfolders(root)) {
    for (const name of await subfolders(path.join(root, registry))) {
      const folder = path.join(root, registry, name);
      const schemaFile = path.join(folder, 'schema.json');
      const text = await readFile(schemaFile, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const schema = parseJson(text, schemaFile);
      contracts.push({
        registry,
        name,
        schemaPath: path.posix.join(registry, name, 'schema.json'),
        displayPath: schemaFile,
        text,
        format: formatOf(schema),
        schema,
        config: await readConfig(path.join(folder, 'config.json')),
        valid: await readExamples(path.join(folder, 'examples', 'valid')),
        invalid: await readExamples(path.join(folder, 'examples', 'invalid')),
      });
    }
  }
  return contracts;
}

async function subfolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

async function readExamples(folder: string): Promise<ContractExample[]> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  const examples: ContractExample[] = [];
  for (const entry of entries.filter((name) => name.endsWith('.json')).sort()) {
    const file = path.join(folder, entry);
    examples.push({ file, value: parseJson(await readFile(file, 'utf8'), file) });
  }
  return examples;
}

/** Reads `config.json` (`{compatibility, policy}`), refusing values the registry would not take. */
export async function readConfig(file: string): Promise<Contract['config']> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  return parseConfig(parseJson(text, file), file);
}

/** Checks a `{compatibility, policy}` object from a file or a registry, as the registry's API would. */
export function parseConfig(value: unknown, source: string): Contract['config'] {
  const parsed = PutSchemaConfigBody.safeParse(value ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`,
    );
    throw new ContractsFolderError(`${source}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContractsFolderError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
