import type { Dialect } from './dialect.ts';
import { isPlainObject } from './dialect.ts';
import { appendPointer } from './json-pointer.ts';
import { resolveUri, stripFragment } from './uri.ts';

/** Where the walker stands: one schema object, its JSON Pointer in the document, and its base URI. */
export interface SchemaVisit {
  schema: Record<string, unknown>;
  pointer: string;
  baseUri: string;
}

// Keywords whose value is one subschema.
const SINGLE_SCHEMA_KEYWORDS = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
  'items',
];
// Keywords whose value is an array of subschemas.
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'items', 'prefixItems'];
// Keywords whose value maps names (property names, patterns, definition names) to subschemas.
const SCHEMA_MAP_KEYWORDS = [
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'dependencies',
];

/** The keyword that holds a schema's identifier in `dialect`: draft-04 says `id`, later drafts `$id`. */
export function idKeyword(dialect: Dialect): 'id' | '$id' {
  return dialect === 'draft-04' ? 'id' : '$id';
}

/**
 * Visits every schema object of a JSON Schema document, following only keywords that hold subschemas, so values
 * inside `const`, `enum`, `default`, `examples` or unknown keywords are never mistaken for schemas.
 * Iterative: a deeply nested document cannot overflow the call stack.
 */
export function walkSchema(
  root: unknown,
  dialect: Dialect,
  visit: (at: SchemaVisit) => void,
  rootBaseUri = '',
): void {
  const idKey = idKeyword(dialect);
  const stack: { node: unknown; pointer: string; baseUri: string }[] = [
    { node: root, pointer: '', baseUri: rootBaseUri },
  ];
  while (stack.length > 0) {
    const { node, pointer, baseUri: parentBase } = stack.pop()!;
    if (!isPlainObject(node)) continue;
    const ownId = Object.hasOwn(node, idKey) ? node[idKey] : undefined;
    const baseUri =
      typeof ownId === 'string' && !ownId.startsWith('#')
        ? stripFragment(resolveUri(ownId, parentBase))
        : parentBase;
    visit({ schema: node, pointer, baseUri });
    forEachSubschema(node, (child, keyword, key) => {
      const at = appendPointer(pointer, keyword);
      stack.push({ node: child, pointer: key === undefined ? at : appendPointer(at, key), baseUri });
    });
  }
}

/**
 * Calls `visit` with each subschema object directly under `node`, with the keyword that holds it and, for arrays
 * and maps of subschemas, its index or name. Values inside `const`, `enum`, `default`, `examples` or unknown
 * keywords are never visited.
 */
export function forEachSubschema(
  node: Record<string, unknown>,
  visit: (child: Record<string, unknown>, keyword: string, key?: string | number) => void,
): void {
  for (const keyword of SINGLE_SCHEMA_KEYWORDS) {
    const child = Object.hasOwn(node, keyword) ? node[keyword] : undefined;
    if (isPlainObject(child)) visit(child, keyword);
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const value = Object.hasOwn(node, keyword) ? node[keyword] : undefined;
    if (Array.isArray(value)) {
      value.forEach((child, index) => {
        if (isPlainObject(child)) visit(child, keyword, index);
      });
    }
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const value = Object.hasOwn(node, keyword) ? node[keyword] : undefined;
    if (isPlainObject(value)) {
      for (const name of Object.keys(value)) {
        const child = value[name];
        if (isPlainObject(child)) visit(child, keyword, name);
      }
    }
  }
}
