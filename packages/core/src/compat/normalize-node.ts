import type { SchemaDocument, SchemaNode } from './schema-document.ts';
import { isAnnotation, typesOf } from './schema-facts.ts';

const normalized = new WeakMap<SchemaDocument, WeakMap<object, SchemaNode | null>>();

/**
 * Reads a node the way the comparison needs it: `$ref`s followed (with their siblings kept as an
 * `allOf` where the dialect applies them) and a simple `allOf` merged into one node. Results are
 * cached per node, so a recursive schema gives back the same object each time and the walk can tell
 * it has been there. Returns undefined for a reference that cannot be resolved.
 */
export function normalizeNode(document: SchemaDocument, node: SchemaNode): SchemaNode | undefined {
  if (typeof node === 'boolean') return node;
  const cache = normalized.get(document) ?? new WeakMap<object, SchemaNode | null>();
  normalized.set(document, cache);
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  cache.set(node, null);
  const result = followReferences(document, node, 0);
  const merged = result === undefined ? undefined : mergeAllOf(document, result);
  cache.set(node, merged ?? null);
  return merged;
}

function followReferences(document: SchemaDocument, node: SchemaNode, hops: number): SchemaNode | undefined {
  if (typeof node === 'boolean') return node;
  const ref = referenceOf(node);
  if (ref === undefined) return node;
  if (hops > 64) return undefined;
  const target = document.resolve(ref, node);
  if (target === undefined) return undefined;
  const siblings = Object.keys(node).filter(
    (key) => key !== '$ref' && key !== '$dynamicRef' && key !== '$recursiveRef' && !isAnnotation(key),
  );
  if (siblings.length === 0 || document.draft <= 7) return followReferences(document, target, hops + 1);
  const rest: Record<string, unknown> = {};
  for (const key of siblings) rest[key] = node[key];
  return { allOf: [target, rest] };
}

function referenceOf(node: Record<string, unknown>): string | undefined {
  for (const keyword of ['$ref', '$dynamicRef', '$recursiveRef']) {
    const value = node[keyword];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Keywords a branch of a mergeable `allOf` may carry, besides annotations. */
const MERGEABLE = new Set([
  'type',
  'properties',
  'required',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'dependentRequired',
]);

/**
 * Merges `allOf` branches into their parent when the result means exactly the same: branches hold only
 * simple keywords, and the parent has no `additionalProperties`/`patternProperties` (which would see
 * only its own properties). Otherwise the node stays as it is and the walk compares branch by branch.
 */
function mergeAllOf(document: SchemaDocument, node: SchemaNode): SchemaNode {
  if (typeof node === 'boolean' || !Array.isArray(node.allOf)) return node;
  const branches: Array<Record<string, unknown>> = [];
  for (const raw of node.allOf as SchemaNode[]) {
    const branch = followReferences(document, raw, 0);
    if (branch === undefined) return node;
    if (branch === true) continue;
    if (branch === false) return false;
    const mergeable = Object.keys(branch).every((key) => isAnnotation(key) || MERGEABLE.has(key));
    if (!mergeable) return node;
    branches.push(branch);
  }
  if ('additionalProperties' in node || 'patternProperties' in node) {
    if (branches.some((branch) => 'properties' in branch || 'required' in branch)) return node;
  }
  let merged: Record<string, unknown> | undefined = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'allOf') merged[key] = value;
  for (const branch of branches) {
    merged = mergeInto(merged, branch);
    if (merged === undefined) return node;
  }
  return merged;
}

function mergeInto(
  target: Record<string, unknown>,
  branch: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const result = { ...target };
  for (const [key, value] of Object.entries(branch)) {
    if (isAnnotation(key)) continue;
    if (!(key in result)) {
      result[key] = value;
      continue;
    }
    if (key === 'properties') {
      const properties = { ...(result.properties as Record<string, unknown>) };
      for (const [name, schema] of Object.entries(value as Record<string, unknown>)) {
        properties[name] = name in properties ? { allOf: [properties[name], schema] } : schema;
      }
      result.properties = properties;
    } else if (key === 'required') {
      result.required = [...new Set([...(result.required as string[]), ...(value as string[])])];
    } else if (key === 'type') {
      const a = typesOf({ type: result.type });
      const b = typesOf({ type: value });
      if (!a || !b) return undefined;
      const both = [...a].filter((t) => b.has(t) || (t === 'integer' && b.has('number')));
      for (const t of b) if (t === 'integer' && a.has('number') && !both.includes(t)) both.push(t);
      result.type = both;
    } else if (JSON.stringify(result[key]) !== JSON.stringify(value)) {
      return undefined;
    }
  }
  return result;
}
