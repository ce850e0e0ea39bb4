import { describe, expect, it } from 'vitest';
import { compileSchema, SchemaCompileError } from './index.ts';

const jsonschema = (schema: unknown) => ({ format: 'jsonschema' as const, schema });

function compileError(run: () => unknown): SchemaCompileError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchemaCompileError) return error;
    throw error;
  }
  throw new Error('expected a SchemaCompileError');
}

describe('compileSchema', () => {
  const order = jsonschema({
    type: 'object',
    required: ['customer', 'items'],
    properties: {
      customer: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
      items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
    },
    additionalProperties: false,
  });

  it('reports errors as JSON Pointers, pointing at a missing required property', () => {
    const errors = compileSchema(order).validate({ customer: {}, items: [{ sku: 7 }], extra: true });
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          path: '/customer/email',
          keyword: 'required',
          message: "must have required property 'email'",
          schemaPath: '#/properties/customer/required',
        },
        expect.objectContaining({
          path: '/items/0/sku',
          keyword: 'type',
          schemaPath: '#/properties/items/items/properties/sku/type',
        }),
        expect.objectContaining({ path: '/extra', keyword: 'additionalProperties' }),
      ]),
    );
    expect(errors).toHaveLength(3);
    expect(compileSchema(order).validate({ customer: { email: 'a@b.c' }, items: [] })).toBeNull();
  });

  it('escapes property names in paths', () => {
    const validator = compileSchema(jsonschema({ required: ['a/b~c'] }));
    expect(validator.validate({})?.[0]?.path).toBe('/a~1b~0c');
  });

  it('treats vendor keywords as annotations and ignores unknown formats at validation', () => {
    const validator = compileSchema(
      jsonschema({
        type: 'string',
        markdownDescription: '**id**',
        deprecationMessage: 'use ref',
        'x-internal': { owner: 'team' },
        format: 'shop-order-id',
      }),
    );
    expect(validator.validate('anything')).toBeNull();
    expect(validator.validate(1)).toHaveLength(1);
  });

  it('checks the formats it knows', () => {
    const validator = compileSchema(jsonschema({ type: 'string', format: 'email' }));
    expect(validator.validate('ada@example.com')).toBeNull();
    expect(validator.validate('not an address')).toEqual([expect.objectContaining({ keyword: 'format' })]);
  });

  it.each([
    [
      'draft-04',
      'http://json-schema.org/draft-04/schema#',
      { type: 'number', maximum: 5, exclusiveMaximum: true },
    ],
    ['draft-06', 'http://json-schema.org/draft-06/schema#', { type: 'number', exclusiveMaximum: 5 }],
    ['draft-07', 'http://json-schema.org/draft-07/schema#', { type: 'number', exclusiveMaximum: 5 }],
    ['2019-09', 'https://json-schema.org/draft/2019-09/schema', { type: 'number', exclusiveMaximum: 5 }],
    ['2020-12', 'https://json-schema.org/draft/2020-12/schema', { type: 'number', exclusiveMaximum: 5 }],
  ])('compiles %s with its own semantics', (dialect, $schema, rest) => {
    const validator = compileSchema(jsonschema({ $schema, ...rest }));
    expect(validator.dialect).toBe(dialect);
    expect(validator.validate(4)).toBeNull();
    expect(validator.validate(5)).not.toBeNull();
  });

  it('resolves absolute references from the supplied schemas, with or without $id, transitively', () => {
    const validator = compileSchema(jsonschema({ $ref: 'https://schemas.example.com/money.json' }), [
      {
        uri: 'https://schemas.example.com/money.json',
        schema: {
          type: 'object',
          properties: { currency: { $ref: 'https://schemas.example.com/currency' } },
        },
      },
      { uri: 'https://schemas.example.com/currency', schema: { enum: ['EUR', 'USD'] } },
    ]);
    expect(validator.validate({ currency: 'EUR' })).toBeNull();
    expect(validator.validate({ currency: 'XXX' })).toEqual([
      expect.objectContaining({ path: '/currency', keyword: 'enum' }),
    ]);
  });

  it('takes a whole registry as references, the compiled schema and schemas that reference it back included', () => {
    const orderId = 'https://schemas.example.com/order.json';
    const lineId = 'https://schemas.example.com/line.json';
    const order = {
      $id: orderId,
      type: 'object',
      properties: { lines: { type: 'array', items: { $ref: lineId } } },
      $defs: { sku: { type: 'string', pattern: '^[A-Z]{3}$' } },
    };
    const line = {
      $id: lineId,
      type: 'object',
      required: ['sku'],
      properties: { sku: { $ref: `${orderId}#/$defs/sku` } },
    };
    const unrelated = { $id: 'https://schemas.example.com/other.json', $ref: 'https://elsewhere.test/x' };
    // copies, as a registry read over HTTP hands them over: equal content, other objects, the same `$id`
    const registry = [order, line, unrelated].map((schema) => ({
      uri: schema.$id,
      schema: structuredClone(schema),
    }));
    const validator = compileSchema(jsonschema(structuredClone(order)), registry);
    expect(validator.validate({ lines: [{ sku: 'ABC' }] })).toBeNull();
    expect(validator.validate({ lines: [{ sku: 'abc' }] })).toEqual([
      expect.objectContaining({ path: '/lines/0/sku', keyword: 'pattern' }),
    ]);
    expect(compileSchema(jsonschema(structuredClone(line)), registry).validate({ sku: 'A' })).toEqual([
      expect.objectContaining({ path: '/sku', keyword: 'pattern' }),
    ]);
  });

  it('lists every unresolved reference and never fetches', () => {
    const error = compileError(() =>
      compileSchema(
        jsonschema({
          properties: {
            a: { $ref: 'http://127.0.0.1:9/a.json' },
            b: { $ref: 'https://schemas.example.com/b.json#/$defs/x' },
            c: { $ref: 'https://schemas.example.com/c.json' },
          },
        }),
        [
          {
            uri: 'https://schemas.example.com/c.json',
            schema: { $ref: 'https://schemas.example.com/d.json' },
          },
        ],
      ),
    );
    expect(error.code).toBe('unresolved_reference');
    expect(error.missing).toEqual([
      'http://127.0.0.1:9/a.json',
      'https://schemas.example.com/b.json',
      'https://schemas.example.com/d.json',
    ]);
  });

  it("resolves the dialect's meta-schema to ajv's built-in copy", () => {
    const validator = compileSchema(jsonschema({ $ref: 'https://json-schema.org/draft/2020-12/schema' }));
    expect(validator.validate({ type: 'string' })).toBeNull();
    expect(validator.validate({ type: 12 })).not.toBeNull();
  });

  it('keeps two versions with the same $id apart', () => {
    const id = 'https://schemas.example.com/order.json';
    const v1 = compileSchema(jsonschema({ $id: id, type: 'object', required: ['a'] }));
    const v2 = compileSchema(jsonschema({ $id: id, type: 'object', required: ['b'] }));
    expect(v1.validate({ a: 1 })).toBeNull();
    expect(v2.validate({ a: 1 })).not.toBeNull();
    expect(v2.validate({ b: 1 })).toBeNull();
  });

  it('refuses a schema that breaks its meta-schema', () => {
    const error = compileError(() => compileSchema(jsonschema({ type: 'strin' })));
    expect(error.code).toBe('invalid_schema');
    expect(error.errors[0]?.path).toBe('/type');
  });

  it('refuses a catastrophic pattern that no linear engine can run', () => {
    const error = compileError(() =>
      compileSchema(jsonschema({ type: 'string', pattern: '^(?=a)(a+)+\\1$' })),
    );
    expect(error.code).toBe('unsafe_pattern');
  });
});

describe('nullable in a JSON Schema', () => {
  it('is an annotation, as JSON Schema says, even without type', () => {
    const validator = compileSchema({
      format: 'jsonschema',
      schema: {
        properties: {
          note: { type: 'string', nullable: true },
          any: { nullable: true },
          nullable: { type: 'boolean' },
        },
        enum: [{ nullable: true }, { note: 'x' }],
      },
    });
    expect(validator.validate({ note: 'x' })).toBeNull();
    expect(validator.validate({ nullable: true })).toBeNull();
    expect(validator.validate({ note: null })).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/note', keyword: 'type' })]),
    );
  });
});
