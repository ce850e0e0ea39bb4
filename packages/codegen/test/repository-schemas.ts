import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint, isOpenApiDocument } from '@schemagate/core';
import type { BindingInput } from '../src/index.ts';
import { referenceResolver } from '../src/index.ts';

/** The repository's `schemas/` folder. */
export const repositorySchemasDir = join(import.meta.dirname, '../../../schemas');

/**
 * The `schema.json` documents of the repository's `schemas/` as binding inputs (version `local`), with the
 * references the registry would resolve; only `names` when given. Tests and the bench read them here because
 * the folder loader is the SDK's, and codegen does not depend on the SDK: this reads schemas only, no config
 * or examples, and trusts the folder to be well formed.
 */
export function repositorySchemaInputs(names?: readonly string[]): BindingInput[] {
  const inputs: BindingInput[] = [];
  for (const registry of readdirSync(repositorySchemasDir, { withFileTypes: true })) {
    if (!registry.isDirectory()) continue;
    const folder = join(repositorySchemasDir, registry.name);
    const schemas = readdirSync(folder)
      .sort()
      .map((name) => ({ name, schema: JSON.parse(readFileSync(join(folder, name, 'schema.json'), 'utf8')) }));
    const referencesOf = referenceResolver(schemas.map(({ schema }) => schema));
    for (const { name, schema } of schemas) {
      if (names && !names.includes(name)) continue;
      inputs.push({
        registry: registry.name,
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
