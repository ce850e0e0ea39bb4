import { isOpenApiDocument, reachedReferences, rootSchemaId } from '@schemagate/core';
import type { BindingInput } from './binding-input.ts';

/**
 * For schemas of one registry: a function giving each schema the documents its `$ref`s reach by `$id`,
 * directly or through each other, in a stable order, itself excluded. References resolve as the registry
 * resolves them at registration (core's `reachedReferences`): against the base URI where each `$ref` stands, so a
 * relative `"base.json#/definitions/x"` in a schema whose `$id` is `https://example.com/a.json` reaches the
 * schema whose `$id` is `https://example.com/base.json`. A folder or a registry listing has to rebuild this.
 */
export function referenceResolver(
  schemas: readonly unknown[],
): (schema: unknown) => Array<{ uri: string; schema: unknown }> {
  const candidates: Array<{ uri: string; schema: unknown }> = [];
  for (const schema of schemas) {
    const id = rootSchemaId(schema);
    if (id !== undefined) candidates.push({ uri: withoutFragment(id), schema });
  }
  return (schema) => {
    const format = isOpenApiDocument(schema) ? 'openapi3' : 'jsonschema';
    let reached: Array<{ uri: string; schema: unknown }>;
    try {
      ({ reached } = reachedReferences({ format, schema }, candidates));
    } catch {
      // a document with no usable shape reaches nothing; generating its binding says what is wrong with it
      return [];
    }
    return reached
      .filter((reference) => reference.schema !== schema)
      .sort((a, b) => (a.uri < b.uri ? -1 : 1));
  };
}

function withoutFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash >= 0 ? uri.slice(0, hash) : uri;
}

/**
 * The schemas of one registry, each given the documents its `$ref`s reach among them; only those named in
 * `names` when given (the others are still read, so references resolve).
 */
export function withReferences<T extends BindingInput>(
  schemas: readonly T[],
  names?: readonly string[],
): T[] {
  const referencesOf = referenceResolver(schemas.map((input) => input.schema));
  return schemas
    .filter((input) => !names || names.includes(input.name))
    .map((input) => ({ ...input, references: referencesOf(input.schema) }));
}
