import type { BindingInput } from './binding-input.ts';

/**
 * For schemas of one registry: a function giving each schema the documents its absolute `$ref`s reach by
 * `$id`, directly or through each other, in a stable order, itself excluded. This is what the registry
 * resolves at registration; a folder or a registry listing has to rebuild it.
 */
export function referenceResolver(
  schemas: readonly unknown[],
): (schema: unknown) => Array<{ uri: string; schema: unknown }> {
  const byId = new Map<string, unknown>();
  for (const schema of schemas) {
    const id = (schema as { $id?: unknown } | null)?.$id;
    if (typeof id === 'string') byId.set(withoutFragment(id), schema);
  }
  return (schema) => reachableReferences(schema, byId);
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
