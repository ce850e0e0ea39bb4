import { ANY_DIALECT_SUBSCHEMA_KEYWORDS } from '@schemagate/core';
import { toPascalCase } from './naming.ts';

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
  // every dialect's subschema keywords: the document's dialect does not change where a title can be
  for (const [keyword, { shape, definitions }] of ANY_DIALECT_SUBSCHEMA_KEYWORDS) {
    const value = schema[keyword];
    if (shape === 'map') {
      // a definition without a title is named after its key; walk leaves `dependencies`' name lists alone
      copy[keyword] = mapSchemas(value, (item, key) => walk(item, prefix, definitions ? key : undefined));
    } else if (Array.isArray(value)) {
      if (shape !== 'schema') copy[keyword] = value.map((item) => walk(item, prefix, undefined));
    } else if (shape !== 'schemas' && isSchemaObject(value)) {
      copy[keyword] = walk(value, prefix, undefined);
    }
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
