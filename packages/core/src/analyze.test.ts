import { describe, expect, it } from 'vitest';
import { analyzeSchema } from './index.ts';

const jsonschema = (schema: unknown) => ({ format: 'jsonschema' as const, schema });

describe('analyzeSchema', () => {
  it('accepts real-world vendor keywords and warns about formats nobody checks', () => {
    const result = analyzeSchema(
      jsonschema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: 'https://schemas.example.com/order.json',
        type: 'object',
        markdownDescription: 'An order',
        'x-owner': 'checkout',
        properties: {
          id: { type: 'string', format: 'shop-order-id', deprecationMessage: 'use orderId' },
          placedAt: { type: 'string', format: 'date-time' },
        },
      }),
    );
    expect(result).toEqual({
      ok: true,
      analysis: {
        dialect: 'draft-07',
        id: 'https://schemas.example.com/order.json',
        references: [],
        warnings: ['unknown format "shop-order-id" at /properties/id/format is not checked'],
      },
    });
  });

  it('lists external references resolved against the base URI, without local or meta-schema ones', () => {
    const result = analyzeSchema(
      jsonschema({
        $id: 'https://schemas.example.com/orders/order.json',
        $defs: { local: { $id: 'https://schemas.example.com/orders/line.json', type: 'object' } },
        properties: {
          money: { $ref: '../common/money.json#/$defs/amount' },
          line: { $ref: 'line.json' },
          self: { $ref: '#/$defs/local' },
          meta: { $ref: 'https://json-schema.org/draft/2020-12/schema' },
          address: { $ref: 'urn:example:address' },
        },
        const: { $ref: 'https://not-a-reference.example.com/data' },
      }),
    );
    expect(result.ok && result.analysis.references).toEqual([
      'https://schemas.example.com/common/money.json',
      'urn:example:address',
    ]);
  });

  it('reads the draft-04 id keyword', () => {
    const result = analyzeSchema(
      jsonschema({ $schema: 'http://json-schema.org/draft-04/schema#', id: 'http://example.com/a.json' }),
    );
    expect(result.ok && result.analysis).toMatchObject({
      dialect: 'draft-04',
      id: 'http://example.com/a.json',
    });
  });

  it("warns about an unknown keyword a slip away from one of the dialect's, and names it", () => {
    const result = analyzeSchema(
      jsonschema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        propertis: { id: { type: 'string' } },
        properties: {
          n: { type: 'integer', minimun: 1, maxLenght: 3, 'x-minimun': 0, exmaple: 1, title: 'N' },
        },
      }),
    );
    expect(result.ok && result.analysis.warnings).toEqual([
      'unknown keyword "propertis" at /propertis is ignored: did you mean `properties`?',
      'unknown keyword "minimun" at /properties/n/minimun is ignored: did you mean `minimum`?',
      'unknown keyword "maxLenght" at /properties/n/maxLenght is ignored: did you mean `maxLength`?',
      'unknown keyword "exmaple" at /properties/n/exmaple is ignored: did you mean `examples`?',
    ]);
    // OpenAPI's own keywords are words of an openapi3 document, not slips
    const openapi = analyzeSchema({
      format: 'openapi3',
      schema: {
        openapi: '3.0.0',
        components: {
          schemas: { AWSEvent: { type: 'object', example: {}, nullable: true, requird: ['a'] } },
        },
      },
    });
    expect(openapi.ok && openapi.analysis.warnings).toEqual([
      'unknown keyword "requird" at /components/schemas/AWSEvent/requird is ignored: did you mean `required`?',
    ]);
  });

  it('warns about an unknown $schema and reads the schema as 2020-12', () => {
    const result = analyzeSchema(jsonschema({ $schema: 'https://example.com/my-meta', type: 'string' }));
    expect(result.ok && result.analysis.dialect).toBe('2020-12');
    expect(result.ok && result.analysis.warnings[0]).toMatch(/unknown \$schema/);
  });

  it('refuses documents that break the meta-schema, with paths into the schema', () => {
    const result = analyzeSchema(jsonschema({ properties: { a: { minLength: -1 } } }));
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.code).toBe('invalid_schema');
    expect(result.ok === false && result.errors[0]!.path).toBe('/properties/a/minLength');
  });

  it('says which values a meta-schema keyword allows', () => {
    const result = analyzeSchema(jsonschema({ properties: { a: { type: 'strin' } } }));
    expect(result.ok === false && result.errors.find((error) => error.keyword === 'enum')).toEqual({
      path: '/properties/a/type',
      keyword: 'enum',
      message:
        'must be equal to one of the allowed values: "array", "boolean", "integer", "null", "number", "object", "string"',
      schemaPath: expect.any(String),
    });
  });

  it('refuses a pattern that is not a regular expression', () => {
    const result = analyzeSchema(jsonschema({ patternProperties: { '(': {} } }));
    expect(result).toMatchObject({ ok: false, code: 'invalid_schema' });
  });

  it('accepts a boolean schema and refuses a string', () => {
    expect(analyzeSchema(jsonschema(true)).ok).toBe(true);
    expect(analyzeSchema(jsonschema('string')).ok).toBe(false);
  });
});
