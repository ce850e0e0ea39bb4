import { canonicalJson, findOutOfRangeNumbers } from '@schemagate/core';
import { MAX_SCHEMA_CONTENT_CHARS } from '../emulator/schema-store.ts';
import { convertToDraft04, DRAFT_04_URI, type SourceDialect } from './draft04-conversion.ts';
import type { LocalVersion, SchemaFormat } from './registry-port.ts';

/** Content ready for CreateSchema/UpdateSchema, or why it cannot go. */
export type EventBridgeContent =
  | { ok: true; type: 'OpenApi3' | 'JSONSchemaDraft4'; content: string; changes: string[] }
  | { ok: false; reason: string };

/** Finds a JSON Schema document's dialect (core's `detectDialect`). */
export type DialectOf = (schema: unknown) => SourceDialect;

/**
 * Turns a local version into EventBridge content: OpenAPI 3 as is, JSON Schema as draft-04
 * (converted when lossless), refused when conversion would change meaning or the content is over
 * EventBridge's 100,000-character limit.
 */
export function toEventBridgeContent(version: LocalVersion, dialectOf: DialectOf): EventBridgeContent {
  let type: 'OpenApi3' | 'JSONSchemaDraft4' = 'OpenApi3';
  let document = version.schema;
  let changes: string[] = [];
  if (version.format === 'jsonschema') {
    type = 'JSONSchemaDraft4';
    const dialect = dialectOf(version.schema);
    const converted = convertToDraft04(version.schema, dialect);
    if (!converted.ok) {
      return {
        ok: false,
        reason: `EventBridge accepts JSON Schema draft-04 only and this ${dialect} schema has no lossless draft-04 form: ${converted.reason} at ${converted.path || '/'}`,
      };
    }
    document = converted.schema;
    changes = converted.changes;
  }
  const content = JSON.stringify(document);
  if (content.length > MAX_SCHEMA_CONTENT_CHARS) {
    return {
      ok: false,
      reason: `content is ${content.length} characters; EventBridge accepts at most ${MAX_SCHEMA_CONTENT_CHARS}`,
    };
  }
  return { ok: true, type, content, changes };
}

/**
 * Turns EventBridge content into what schemagate stores. Draft-04 content without `$schema` gets
 * the draft-04 marker: schemagate reads a schema with no `$schema` as 2020-12, which would change
 * the meaning of draft-04 keywords such as boolean `exclusiveMinimum`.
 * @throws Error when the content is not JSON, or holds a number past what a 64-bit float holds.
 */
export function fromEventBridgeContent(
  type: string,
  content: string,
): { format: SchemaFormat; schema: unknown } {
  const parsed: unknown = JSON.parse(content);
  // JSON.parse reads a literal past 1.8e308 as ±Infinity, which JSON carries on as null: another schema
  const outOfRange = findOutOfRangeNumbers(parsed);
  if (outOfRange.length > 0) {
    const at = outOfRange.map((found) => found.path || '/').join(', ');
    throw new Error(`the content holds numbers beyond what a 64-bit float holds, at ${at}`);
  }
  if (type === 'OpenApi3') return { format: 'openapi3', schema: parsed };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !('$schema' in parsed)) {
    return { format: 'jsonschema', schema: { $schema: DRAFT_04_URI, ...parsed } };
  }
  return { format: 'jsonschema', schema: parsed };
}

/** True when two contents are the same JSON document, key order and whitespace aside. */
export function sameJsonDocument(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}
