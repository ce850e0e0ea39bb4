import type { Dialect } from './dialect.ts';
import { walkSchema } from './schema-walk.ts';

/**
 * A copy of a JSON Schema without OpenAPI's `nullable` keyword, or the schema itself when it has none.
 *
 * In JSON Schema `nullable` is an unknown keyword, so an annotation; ajv however reads it as OpenAPI does (and
 * refuses `nullable` without `type`). Removing it from schema positions gives JSON Schema's meaning. Property
 * names, `const`, `enum` and other data are untouched: only the schema objects the walker visits lose the key.
 */
export function stripNullable(schema: unknown, dialect: Dialect): unknown {
  const carriers = new Set<object>();
  walkSchema(schema, dialect, ({ schema: node }) => {
    if (Object.hasOwn(node, 'nullable')) carriers.add(node);
  });
  if (carriers.size === 0) return schema;
  const copies = new Map<object, unknown>();
  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = copies.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const result: unknown[] = [];
      copies.set(value, result);
      for (const item of value) result.push(copy(item));
      return result;
    }
    const result: Record<string, unknown> = {};
    copies.set(value, result);
    for (const [key, item] of Object.entries(value)) {
      if (key === 'nullable' && carriers.has(value)) continue;
      // defineProperty keeps a "__proto__" key as data instead of changing the copy's prototype.
      Object.defineProperty(result, key, {
        value: copy(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  };
  return copy(schema);
}
