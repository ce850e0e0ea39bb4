import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprint, isOpenApiDocument } from '@schemagate/core';
import type { BindingInput } from './binding-input.ts';

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
    const byId = new Map<string, unknown>();
    for (const { schema } of documents) {
      const id = (schema as { $id?: unknown } | null)?.$id;
      if (typeof id === 'string') byId.set(withoutFragment(id), schema);
    }
    for (const { name, schema } of documents) {
      if (options.names && !options.names.includes(name)) continue;
      inputs.push({
        registry,
        name,
        version: 'local',
        fingerprint: fingerprint(schema),
        format: isOpenApiDocument(schema) ? 'openapi3' : 'jsonschema',
        schema,
        references: reachableReferences(schema, byId),
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

function withoutFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash >= 0 ? uri.slice(0, hash) : uri;
}

/** The documents `schema` reaches by absolute `$ref`, transitively, in a stable order; itself excluded. */
function reachableReferences(
  schema: unknown,
  byId: Map<string, unknown>,
): Array<{ uri: string; schema: unknown }> {
  const found = new Map<string, unknown>();
  const ownId = (schema as { $id?: unknown } | null)?.$id;
  const visit = (document: unknown) => {
    for (const ref of refsIn(document)) {
      const uri = withoutFragment(ref);
      const target = byId.get(uri);
      if (target === undefined || found.has(uri) || uri === ownId) continue;
      found.set(uri, target);
      visit(target);
    }
  };
  visit(schema);
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([uri, target]) => ({ uri, schema: target }));
}

function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.push(item);
      else refsIn(item, into);
    }
  }
  return into;
}
