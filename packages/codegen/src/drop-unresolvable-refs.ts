import { unescapePointerToken } from '@schemagate/core';

type SchemaObject = Record<string, unknown>;

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `schema` for the type generator, without the `$ref`s it cannot follow: only `#/...` pointers
 * that resolve within the document and refs to `knownDocuments` are kept. Anchors (`#foo`), refs relative
 * to a nested `$id`, `$dynamicRef`/`$recursiveRef` and meta-schema refs become unconstrained (`unknown`),
 * which loosens the type but never the validator, which ajv builds from the untouched schema.
 */
export function dropUnresolvableRefs(schema: unknown, knownDocuments: ReadonlySet<string>): unknown {
  const root = schema;
  const keep = (ref: string): boolean => {
    const hash = ref.indexOf('#');
    if (hash > 0) return knownDocuments.has(ref.slice(0, hash)) && /^#(\/|$)/.test(ref.slice(hash));
    if (hash < 0) return knownDocuments.has(ref);
    return ref.startsWith('#/') && pointerResolves(root, ref.slice(1));
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!isSchemaObject(value)) return value;
    const copy: SchemaObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && !keep(item)) continue;
      if (key === '$dynamicRef' || key === '$recursiveRef') continue;
      copy[key] = walk(item);
    }
    return copy;
  };
  return walk(schema);
}

function pointerResolves(root: unknown, pointer: string): boolean {
  let current = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = unescapePointerToken(decodeURIComponent(token));
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isSchemaObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return false;
  }
  return current !== undefined;
}
