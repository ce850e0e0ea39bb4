import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  ANY_DIALECT_SUBSCHEMA_KEYWORDS,
  type Dialect,
  SUBSCHEMA_KEYWORDS,
  type SubschemaKeyword,
  subschemaKeywords,
} from './index.ts';
import { forEachSubschema } from './schema-walk.ts';

const require = createRequire(import.meta.url);
type Node = Record<string, unknown>;

/** The meta-schema documents of a dialect, as ajv ships them: one for drafts 04 to 07, a set of vocabularies after. */
function metaSchemas(dialect: Dialect): Node[] {
  if (dialect === 'draft-04') return [require('ajv-draft-04/dist/refs/json-schema-draft-04.json')];
  if (dialect === 'draft-06' || dialect === 'draft-07')
    return [require(`ajv/dist/refs/json-schema-${dialect}.json`)];
  const vocabularies =
    dialect === '2019-09'
      ? ['core', 'applicator', 'validation', 'meta-data', 'format', 'content']
      : ['core', 'applicator', 'unevaluated', 'validation', 'meta-data', 'format-annotation', 'content'];
  return [
    require(`ajv/dist/refs/json-schema-${dialect}/schema.json`),
    ...vocabularies.map((name) => require(`ajv/dist/refs/json-schema-${dialect}/meta/${name}.json`)),
  ];
}

// a meta-schema says "a schema" with a reference back to itself
const isSchema = (node: unknown): boolean => {
  const n = node as Node;
  return n?.$ref === '#' || n?.$recursiveRef === '#' || n?.$dynamicRef === '#meta';
};
const isSchemaArray = (node: unknown): boolean => {
  const n = node as Node;
  return (
    (typeof n?.$ref === 'string' && n.$ref.endsWith('/schemaArray')) ||
    (n?.type === 'array' && isSchema(n.items))
  );
};
const isNameArray = (node: unknown) => {
  const ref = (node as Node)?.$ref;
  return typeof ref === 'string' && ref.endsWith('/stringArray');
};

/** What a meta-schema's declaration of a keyword says it holds, or undefined when it holds no schema. */
function declared(declaration: Node): SubschemaKeyword | undefined {
  const alternatives = Array.isArray(declaration.anyOf) ? (declaration.anyOf as Node[]) : [declaration];
  const schema = alternatives.some(isSchema);
  const schemas = alternatives.some(isSchemaArray);
  if (schema && schemas) return { shape: 'schema-or-schemas' };
  if (schema) return { shape: 'schema' };
  if (schemas) return { shape: 'schemas' };
  const values = declaration.additionalProperties as Node | undefined;
  if (declaration.type === 'object' && values) {
    const valueAlternatives = Array.isArray(values.anyOf) ? (values.anyOf as Node[]) : [values];
    if (!valueAlternatives.some(isSchema)) return undefined;
    return valueAlternatives.some(isNameArray) ? { shape: 'map', orNames: true } : { shape: 'map' };
  }
  return undefined;
}

const dialects = Object.keys(SUBSCHEMA_KEYWORDS) as Dialect[];

describe('the subschema keyword table', () => {
  it.each(dialects)(
    'holds exactly the keywords %s meta-schema declares as holding schemas, with their shapes',
    (dialect) => {
      const fromMetaSchema: Record<string, SubschemaKeyword> = {};
      for (const document of metaSchemas(dialect)) {
        for (const [keyword, declaration] of Object.entries(
          (document.properties ?? {}) as Record<string, Node>,
        )) {
          const found = declared(declaration);
          if (found) fromMetaSchema[keyword] = found;
        }
      }
      const table = Object.fromEntries(
        [...SUBSCHEMA_KEYWORDS[dialect]].map(([keyword, { shape, orNames }]) => [
          keyword,
          orNames ? { shape, orNames } : { shape },
        ]),
      );
      expect(table).toEqual(fromMetaSchema);
    },
  );

  it('marks the definition keywords, which hold schemas only references apply', () => {
    for (const dialect of dialects) {
      const marked = [...SUBSCHEMA_KEYWORDS[dialect]].filter(([, entry]) => entry.definitions);
      expect(marked.map(([keyword]) => keyword).sort()).toEqual(
        dialect === '2019-09' || dialect === '2020-12' ? ['$defs', 'definitions'] : ['definitions'],
      );
    }
  });

  it('knows the dialects apart where they differ', () => {
    expect(SUBSCHEMA_KEYWORDS['draft-07'].get('items')?.shape).toBe('schema-or-schemas');
    expect(SUBSCHEMA_KEYWORDS['2020-12'].get('items')?.shape).toBe('schema');
    expect(SUBSCHEMA_KEYWORDS['2020-12'].get('prefixItems')?.shape).toBe('schemas');
    expect(SUBSCHEMA_KEYWORDS['2020-12'].has('additionalItems')).toBe(false);
    expect(SUBSCHEMA_KEYWORDS['draft-07'].has('dependentSchemas')).toBe(false);
    expect(SUBSCHEMA_KEYWORDS['draft-04'].has('if')).toBe(false);
    // a Map, so names of Object.prototype are no keywords
    expect(SUBSCHEMA_KEYWORDS['2020-12'].has('constructor')).toBe(false);
  });

  it('without a dialect, covers every dialect and takes `items` in both forms', () => {
    for (const dialect of dialects) {
      for (const keyword of SUBSCHEMA_KEYWORDS[dialect].keys()) {
        expect(ANY_DIALECT_SUBSCHEMA_KEYWORDS.has(keyword), `${dialect} ${keyword}`).toBe(true);
      }
    }
    expect(subschemaKeywords().get('items')?.shape).toBe('schema-or-schemas');
    expect(subschemaKeywords('draft-06')).toBe(SUBSCHEMA_KEYWORDS['draft-06']);
  });
});

describe('forEachSubschema reads the table', () => {
  it.each(dialects)('visits a subschema under every %s keyword, in the keyword’s shape only', (dialect) => {
    const table = SUBSCHEMA_KEYWORDS[dialect];
    const node: Record<string, unknown> = {};
    for (const [keyword, { shape }] of table) {
      node[keyword] = shape === 'map' ? { name: {} } : shape === 'schemas' ? [{}] : {};
    }
    const visited: string[] = [];
    forEachSubschema(node, (_child, keyword) => visited.push(keyword), table);
    expect(visited.sort()).toEqual([...table.keys()].sort());
    // 2020-12 `items` is one schema: its draft-07 array form is not a subschema there
    const arrays: string[] = [];
    forEachSubschema({ items: [{}], prefixItems: {} }, (_child, keyword) => arrays.push(keyword), table);
    expect(arrays).toEqual(dialect === '2020-12' ? [] : ['items']);
  });
});
