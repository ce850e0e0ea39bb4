import type { Dialect } from './dialect.ts';
import { isPlainObject } from './dialect.ts';
import { appendPointer } from './json-pointer.ts';
import {
  ANY_DIALECT_SUBSCHEMA_KEYWORDS,
  type SubschemaKeyword,
  type SubschemaKeywordTable,
} from './subschema-keywords.ts';
import { resolveUri, stripFragment } from './uri.ts';

/** Where the walker stands: one schema object, its JSON Pointer in the document, and its base URI. */
export interface SchemaVisit {
  schema: Record<string, unknown>;
  pointer: string;
  baseUri: string;
}

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
 * and maps of subschemas, its index or name: single schemas first, then arrays, then maps. Values inside `const`,
 * `enum`, `default`, `examples` or unknown keywords are never visited. `keywords` defaults to every dialect's
 * (see {@link ANY_DIALECT_SUBSCHEMA_KEYWORDS}).
 */
export function forEachSubschema(
  node: Record<string, unknown>,
  visit: (child: Record<string, unknown>, keyword: string, key?: string | number) => void,
  keywords: SubschemaKeywordTable = ANY_DIALECT_SUBSCHEMA_KEYWORDS,
): void {
  const present: Array<[string, SubschemaKeyword['shape'], unknown]> = [];
  for (const [keyword, { shape }] of keywords) {
    if (Object.hasOwn(node, keyword)) present.push([keyword, shape, node[keyword]]);
  }
  for (const [keyword, shape, value] of present) {
    if (shape !== 'schemas' && shape !== 'map' && isPlainObject(value)) visit(value, keyword);
  }
  for (const [keyword, shape, value] of present) {
    if ((shape === 'schemas' || shape === 'schema-or-schemas') && Array.isArray(value)) {
      value.forEach((child, index) => {
        if (isPlainObject(child)) visit(child, keyword, index);
      });
    }
  }
  for (const [keyword, shape, value] of present) {
    if (shape !== 'map' || !isPlainObject(value)) continue;
    for (const name of Object.keys(value)) {
      const child = value[name];
      if (isPlainObject(child)) visit(child, keyword, name);
    }
  }
}
