import type { Dialect, SchemaInput } from './dialect.ts';
import { detectDialect, isOpenApiDocument, isPlainObject } from './dialect.ts';
import { escapePointerToken } from './json-pointer.ts';
import { OpenApiShapeError, openApiEvent, toJsonSchema } from './openapi.ts';
import { SchemaCompileError } from './schema-compile-error.ts';

/** A registered document made ready for ajv: the JSON Schema to compile and how to point back into the document. */
export interface PreparedSchema {
  dialect: Dialect;
  /** The JSON Schema ajv compiles (for openapi3, the converted event component). */
  schema: object | boolean;
  /** Maps a JSON Pointer into `schema` to the same place in the registered document. */
  documentPath(pointer: string): string;
}

const identity = (pointer: string) => pointer;

/**
 * Checks the shape a document needs before any meta-schema check (an object, an OpenAPI 3 document with an
 * event component: `AWSEvent` or the only one) and converts it to the JSON Schema that gets compiled.
 * @throws SchemaCompileError `invalid_schema` when the shape is wrong.
 */
export function prepareSchema(input: SchemaInput): PreparedSchema {
  if (input.format === 'openapi3') {
    if (!isOpenApiDocument(input.schema)) {
      throw invalid(
        'an openapi3 schema must be an OpenAPI 3 document (a string "openapi": "3.x")',
        '/openapi',
      );
    }
    try {
      const { name } = openApiEvent(input.schema);
      return { dialect: 'draft-04', schema: toJsonSchema(input), documentPath: openApiDocumentPath(name) };
    } catch (error) {
      if (error instanceof OpenApiShapeError) throw invalid(error.message, error.path);
      throw error;
    }
  }
  if (input.format !== 'jsonschema')
    throw invalid(`unknown schema format ${JSON.stringify(input.format)}`, '');
  const dialect = detectDialect(input.schema);
  const schema = input.schema;
  if (isPlainObject(schema) || (typeof schema === 'boolean' && dialect !== 'draft-04')) {
    return { dialect, schema, documentPath: identity };
  }
  throw invalid(`a ${dialect} schema must be an object${dialect === 'draft-04' ? '' : ' or a boolean'}`, '');
}

// The converted schema's root is the event's component and its definitions are the components.
function openApiDocumentPath(event: string): (pointer: string) => string {
  const root = `/components/schemas/${escapePointerToken(event)}`;
  return (pointer) => {
    if (pointer.startsWith('/definitions/'))
      return `/components/schemas/${pointer.slice('/definitions/'.length)}`;
    if (pointer === '/definitions') return '/components/schemas';
    return `${root}${pointer}`;
  };
}

function invalid(message: string, path: string): SchemaCompileError {
  return new SchemaCompileError('invalid_schema', message, {
    errors: [{ path, keyword: 'schema', message, schemaPath: '' }],
  });
}
