import { toPascalCase } from './naming.ts';

const SCHEMA_KEYWORDS = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'else',
  'if',
  'items',
  'not',
  'propertyNames',
  'then',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'items', 'oneOf', 'prefixItems'];
const SCHEMA_MAP_KEYWORDS = ['dependentSchemas', 'patternProperties', 'properties'];
const DEFINITION_KEYWORDS = ['$defs', 'definitions'];

type SchemaObject = Record<string, unknown>;

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `schema` in which every type json-schema-to-typescript would name gets `prefix` in front:
 * titled subschemas (`title: 'Address'` -> `OrderPlacedAddress`) and untitled definitions
 * (`$defs/Address`, `components/schemas/Address`). Types of different schemas then never share
 * a name in one module. Only schema positions are walked, so a property called `title`, or a
 * `title` inside an `enum`/`const`/`default` value, is left alone.
 */
export function prefixTypeTitles(schema: unknown, prefix: string): unknown {
  return walk(schema, prefix, undefined);
}

function walk(schema: unknown, prefix: string, definitionKey: string | undefined): unknown {
  if (!isSchemaObject(schema)) return schema;
  const copy: SchemaObject = { ...schema };
  const title = typeof schema.title === 'string' ? schema.title : definitionKey;
  if (title !== undefined && toPascalCase(title) !== '') copy.title = prefix + toPascalCase(title);
  for (const keyword of SCHEMA_KEYWORDS) {
    if (isSchemaObject(schema[keyword])) copy[keyword] = walk(schema[keyword], prefix, undefined);
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const value = schema[keyword];
    if (Array.isArray(value)) copy[keyword] = value.map((item) => walk(item, prefix, undefined));
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    copy[keyword] = mapSchemas(schema[keyword], (item) => walk(item, prefix, undefined));
  }
  for (const keyword of DEFINITION_KEYWORDS) {
    copy[keyword] = mapSchemas(schema[keyword], (item, key) => walk(item, prefix, key));
  }
  const dependencies = schema.dependencies;
  if (isSchemaObject(dependencies)) {
    copy.dependencies = mapSchemas(dependencies, (item) =>
      Array.isArray(item) ? item : walk(item, prefix, undefined),
    );
  }
  const components = schema.components;
  if (isSchemaObject(components) && isSchemaObject(components.schemas)) {
    copy.components = {
      ...components,
      schemas: mapSchemas(components.schemas, (item, key) => walk(item, prefix, key)),
    };
  }
  for (const keyword of Object.keys(copy)) if (copy[keyword] === undefined) delete copy[keyword];
  return copy;
}

function mapSchemas(value: unknown, map: (item: unknown, key: string) => unknown): unknown {
  if (!isSchemaObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item, key)]));
}
