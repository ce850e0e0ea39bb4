import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprint, isOpenApiDocument } from '@schemagate/core';
import type { BindingInput } from './binding-input.ts';
import { referenceResolver } from './reference-resolver.ts';

/** Options for {@link loadSchemasFolder}. */
export interface LoadSchemasFolderOptions {
  /** Only this registry's folder. */
  registry?: string;
  /** Only these schema names (their references are still loaded). */
  names?: readonly string[];
}

/**
 * Reads `<dir>/<registry>/<name>/schema.json` into binding inputs with version `local`. The format is read
 * from the document (`openapi: 3.x` is openapi3), and each schema gets, as references, the schemas of its
 * registry folder whose `$id` it reaches through `$ref`, directly or through them.
 */
export async function loadSchemasFolder(
  dir: string,
  options: LoadSchemasFolderOptions = {},
): Promise<BindingInput[]> {
  const registries = options.registry ? [options.registry] : await subfolders(dir);
  const inputs: BindingInput[] = [];
  for (const registry of registries) {
    const documents: Array<{ name: string; schema: unknown }> = [];
    for (const name of await subfolders(join(dir, registry))) {
      const text = await readFile(join(dir, registry, name, 'schema.json'), 'utf8').catch(() => undefined);
      if (text !== undefined) documents.push({ name, schema: JSON.parse(text) as unknown });
    }
    const referencesOf = referenceResolver(documents.map((document) => document.schema));
    for (const { name, schema } of documents) {
      if (options.names && !options.names.includes(name)) continue;
      inputs.push({
        registry,
        name,
        version: 'local',
        fingerprint: fingerprint(schema),
        format: isOpenApiDocument(schema) ? 'openapi3' : 'jsonschema',
        schema,
        references: referencesOf(schema),
      });
    }
  }
  return inputs;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
