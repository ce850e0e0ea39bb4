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

  it('refuses a pattern that is not a regular expression', () => {
    const result = analyzeSchema(jsonschema({ patternProperties: { '(': {} } }));
    expect(result).toMatchObject({ ok: false, code: 'invalid_schema' });
  });

  it('accepts a boolean schema and refuses a string', () => {
    expect(analyzeSchema(jsonschema(true)).ok).toBe(true);
    expect(analyzeSchema(jsonschema('string')).ok).toBe(false);
  });
});
