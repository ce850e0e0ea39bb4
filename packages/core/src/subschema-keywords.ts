import type { Dialect } from './dialect.ts';

/**
 * How a keyword holds subschemas: `schema` one, `schemas` an array of them, `schema-or-schemas` either (draft-04 to
 * 2019-09 `items`), `map` an object of them by name (property, pattern, definition or dependency names).
 */
export type SubschemaShape = 'schema' | 'schemas' | 'schema-or-schemas' | 'map';

export interface SubschemaKeyword {
  shape: SubschemaShape;
  /** `$defs` and `definitions`: schemas kept to be referenced, applied only where a `$ref` points at them. */
  definitions?: true;
  /** `dependencies`: a value may also be an array of property names, which is not a schema. */
  orNames?: true;
}

/** The keywords that hold subschemas in one dialect, by name (a Map: `then` and `constructor` are keywords too). */
export type SubschemaKeywordTable = ReadonlyMap<string, Readonly<SubschemaKeyword>>;

const one: SubschemaKeyword = { shape: 'schema' };
const many: SubschemaKeyword = { shape: 'schemas' };
const byName: SubschemaKeyword = { shape: 'map' };
const definitions: SubschemaKeyword = { shape: 'map', definitions: true };
const dependencies: SubschemaKeyword = { shape: 'map', orNames: true };
const itemsOneOrMany: SubschemaKeyword = { shape: 'schema-or-schemas' };

type Entries = Array<[string, SubschemaKeyword]>;
const DRAFT_04: Entries = [
  ['additionalItems', one],
  ['additionalProperties', one],
  ['not', one],
  ['items', itemsOneOrMany],
  ['allOf', many],
  ['anyOf', many],
  ['oneOf', many],
  ['properties', byName],
  ['patternProperties', byName],
  ['definitions', definitions],
  ['dependencies', dependencies],
];
const DRAFT_06: Entries = [...DRAFT_04, ['contains', one], ['propertyNames', one]];
const DRAFT_07: Entries = [...DRAFT_06, ['if', one], ['then', one], ['else', one]];
// 2019-09 and 2020-12 keep `definitions` and `dependencies` in their meta-schemas, for the schemas that still use them
const DRAFT_2019_09: Entries = [
  ...DRAFT_07,
  ['unevaluatedItems', one],
  ['unevaluatedProperties', one],
  ['contentSchema', one],
  ['dependentSchemas', byName],
  ['$defs', definitions],
];
// `items` takes one schema, `prefixItems` the array form, and `additionalItems` goes
const DRAFT_2020_12: Entries = [
  ...DRAFT_2019_09.filter(([keyword]) => keyword !== 'additionalItems' && keyword !== 'items'),
  ['prefixItems', many],
  ['items', one],
];

/**
 * The one table of keywords that hold subschemas, by dialect, as each dialect's meta-schema declares them (a test
 * derives them from the meta-schemas). Walks, conversions and codegen read it instead of keeping lists of their own.
 */
export const SUBSCHEMA_KEYWORDS: Readonly<Record<Dialect, SubschemaKeywordTable>> = {
  'draft-04': new Map(DRAFT_04),
  'draft-06': new Map(DRAFT_06),
  'draft-07': new Map(DRAFT_07),
  '2019-09': new Map(DRAFT_2019_09),
  '2020-12': new Map(DRAFT_2020_12),
};

/**
 * Every dialect's keywords at once (`items` as `schema-or-schemas`), for walks that must not miss a subschema
 * whatever the dialect: ajv of one dialect still applies some keywords of others (draft-07's takes `$defs`), so
 * what guards cost, patterns and references looks into all of them.
 */
export const ANY_DIALECT_SUBSCHEMA_KEYWORDS: SubschemaKeywordTable = new Map([
  ...DRAFT_2019_09,
  ['prefixItems', many],
]);

/** OpenAPI 3.0's Schema Object, a subset of draft-04 (no `patternProperties`, `additionalItems` or `dependencies`). */
export const OPENAPI_30_SUBSCHEMA_KEYWORDS: SubschemaKeywordTable = new Map([
  ['items', one],
  ['additionalProperties', one],
  ['not', one],
  ['allOf', many],
  ['anyOf', many],
  ['oneOf', many],
  ['properties', byName],
]);

/** The subschema keywords of `dialect`, or of every dialect when it is not given. */
export function subschemaKeywords(dialect?: Dialect): SubschemaKeywordTable {
  return dialect === undefined ? ANY_DIALECT_SUBSCHEMA_KEYWORDS : SUBSCHEMA_KEYWORDS[dialect];
}
