import type { SchemaInput } from './dialect.ts';
import { isPlainObject } from './dialect.ts';
import { openApiEvent } from './openapi.ts';
import { rootSchemaId } from './references.ts';

/** The envelope values an event must carry to be routed to a schema. */
export interface RouteKeys {
  /** EventBridge `source`. */
  source?: string;
  /** EventBridge `detail-type`. */
  detailType?: string;
  /** CloudEvents `type`. */
  cloudEventType?: string;
  /** The schema's root `$id`: a CloudEvent whose `dataschema` names it routes here first. */
  schemaUri?: string;
}

/**
 * Reads the routing keys a schema declares.
 *
 * `openapi3`: `x-amazon-events-source` and `x-amazon-events-detail-type` on the event's component (`AWSEvent`,
 * or the only component).
 * `jsonschema`: root `properties.source`, `properties["detail-type"]` and `properties.type`, each when it is
 * pinned to one string by `const` or a single-value `enum`, and the root `$id` (draft-04: `id`) as `schemaUri`.
 * A key that is absent or not pinned is left out.
 */
export function extractRouteKeys(input: SchemaInput): RouteKeys {
  const keys: RouteKeys = {};
  if (input.format === 'openapi3') {
    let event: unknown;
    try {
      event = ownPath(input.schema, ['components', 'schemas', openApiEvent(input.schema).name]);
    } catch {
      return keys; // a document that names no event component routes nothing (and is refused at registration)
    }
    const source = ownPath(event, ['x-amazon-events-source']);
    const detailType = ownPath(event, ['x-amazon-events-detail-type']);
    if (typeof source === 'string') keys.source = source;
    if (typeof detailType === 'string') keys.detailType = detailType;
    return keys;
  }
  const source = pinnedString(ownPath(input.schema, ['properties', 'source']));
  const detailType = pinnedString(ownPath(input.schema, ['properties', 'detail-type']));
  const cloudEventType = pinnedString(ownPath(input.schema, ['properties', 'type']));
  if (source !== undefined) keys.source = source;
  if (detailType !== undefined) keys.detailType = detailType;
  if (cloudEventType !== undefined) keys.cloudEventType = cloudEventType;
  const id = rootSchemaId(input.schema);
  if (id !== undefined) keys.schemaUri = id;
  return keys;
}

function ownPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

function pinnedString(schema: unknown): string | undefined {
  if (!isPlainObject(schema)) return undefined;
  if (Object.hasOwn(schema, 'const') && typeof schema.const === 'string') return schema.const;
  const values = Object.hasOwn(schema, 'enum') ? schema.enum : undefined;
  if (Array.isArray(values) && values.length === 1 && typeof values[0] === 'string') return values[0];
  return undefined;
}
