import type { SchemaInput } from './dialect.ts';
import { isPlainObject, META_SCHEMA_URIS } from './dialect.ts';
import { escapePointerToken } from './json-pointer.ts';
import { OPENAPI_30_SUBSCHEMA_KEYWORDS } from './subschema-keywords.ts';

/** The component that holds the event in EventBridge's OpenAPI 3 schemas. */
export const OPENAPI_EVENT_COMPONENT = 'AWSEvent';

const COMPONENT_REF_PREFIX = '#/components/schemas/';
const DEFINITIONS_REF_PREFIX = '#/definitions/';

/** Why an OpenAPI document cannot be turned into a JSON Schema. */
export class OpenApiShapeError extends Error {
  constructor(
    message: string,
    /** JSON Pointer into the OpenAPI document. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'OpenApiShapeError';
  }
}

/** The `components.schemas` map of an OpenAPI 3 document, after checking that it names the event's component. */
export function openApiComponentSchemas(document: unknown): Record<string, unknown> {
  return openApiEvent(document).components;
}

/**
 * The component of an OpenAPI 3 document that is the event, and the document's `components.schemas`.
 *
 * EventBridge names the event `AWSEvent` in the schemas it discovers, but accepts custom OpenAPI 3 documents
 * without one (its own documentation's example has a single component, `Some Awesome Schema`). The rule:
 * `AWSEvent` when there is one; else the only component, when there is exactly one; else the document is refused
 * with a pointer to `components.schemas`, since nothing says which component is the event.
 * @throws OpenApiShapeError naming the reason and a JSON Pointer into the document.
 */
export function openApiEvent(document: unknown): { name: string; components: Record<string, unknown> } {
  if (!isPlainObject(document) || !isPlainObject(document.components)) {
    throw new OpenApiShapeError('an OpenAPI 3 schema needs a components object', '/components');
  }
  const schemas = document.components.schemas;
  if (!isPlainObject(schemas)) {
    throw new OpenApiShapeError('an OpenAPI 3 schema needs components.schemas', '/components/schemas');
  }
  const names = Object.keys(schemas);
  let name = OPENAPI_EVENT_COMPONENT;
  if (!Object.hasOwn(schemas, OPENAPI_EVENT_COMPONENT)) {
    if (names.length === 0) {
      throw new OpenApiShapeError(
        `components.schemas is empty: the event is the component ${OPENAPI_EVENT_COMPONENT}, or the only component`,
        `/components/schemas/${OPENAPI_EVENT_COMPONENT}`,
      );
    }
    if (names.length > 1) {
      throw new OpenApiShapeError(
        `components.schemas has ${names.length} components and none is named ${OPENAPI_EVENT_COMPONENT}: name the event's component ${OPENAPI_EVENT_COMPONENT}, or keep it the only one`,
        '/components/schemas',
      );
    }
    name = names[0]!;
  }
  if (!isPlainObject(schemas[name])) {
    throw new OpenApiShapeError(
      `components.schemas.${name} must be a schema object: it is the event`,
      `/components/schemas/${escapePointerToken(name)}`,
    );
  }
  return { name, components: schemas };
}

/**
 * The JSON Schema an event is validated against.
 *
 * For `jsonschema` input this is the schema itself. For `openapi3` (EventBridge's format) it is a draft-04 schema
 * whose root is the event's component (`AWSEvent`, or the only component: see {@link openApiEvent}) and whose
 * `definitions` hold every component, with
 * `#/components/schemas/X` references rewritten to `#/definitions/X`; OpenAPI's `nullable: true` becomes a
 * `"null"` member of `type` (and of `enum`), since JSON Schema has no `nullable`.
 * The input is never modified; the result is a fresh object.
 * @throws OpenApiShapeError when the document does not say which component is the event.
 */
export function toJsonSchema(input: SchemaInput): object {
  if (input.format === 'jsonschema') return input.schema as object;
  const { name: event, components } = openApiEvent(input.schema);
  const definitions: Record<string, unknown> = {};
  for (const name of Object.keys(components)) {
    defineOwn(definitions, name, convertOpenApiSchema(components[name]));
  }
  const root = convertOpenApiSchema(components[event]) as Record<string, unknown>;
  const result: Record<string, unknown> = { $schema: META_SCHEMA_URIS['draft-04'] };
  for (const key of Object.keys(root)) defineOwn(result, key, root[key]);
  defineOwn(result, 'definitions', definitions);
  return result;
}

// Sets an own property even for keys like "__proto__", where plain assignment would change the prototype.
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// Converts one OpenAPI 3.0 schema object; only keywords that hold subschemas are descended into, so property
// names and data (enum, example, default) are copied untouched.
function convertOpenApiSchema(schema: unknown): unknown {
  if (!isPlainObject(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    const value = schema[key];
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF_PREFIX)) {
      defineOwn(result, key, DEFINITIONS_REF_PREFIX + value.slice(COMPONENT_REF_PREFIX.length));
    } else if (OPENAPI_30_SUBSCHEMA_KEYWORDS.get(key)?.shape === 'schema') {
      defineOwn(result, key, convertOpenApiSchema(value));
    } else if (OPENAPI_30_SUBSCHEMA_KEYWORDS.get(key)?.shape === 'schemas' && Array.isArray(value)) {
      defineOwn(result, key, value.map(convertOpenApiSchema));
    } else if (OPENAPI_30_SUBSCHEMA_KEYWORDS.get(key)?.shape === 'map' && isPlainObject(value)) {
      const converted: Record<string, unknown> = {};
      for (const name of Object.keys(value)) defineOwn(converted, name, convertOpenApiSchema(value[name]));
      defineOwn(result, key, converted);
    } else {
      defineOwn(result, key, value);
    }
  }
  if (schema.nullable === true && result.type !== undefined && result.$ref === undefined) {
    const types = Array.isArray(result.type) ? result.type : [result.type];
    if (!types.includes('null')) result.type = [...types, 'null'];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
  }
  return result;
}
