import { describe, expect, it } from 'vitest';
import { convertToDraft04, DRAFT_04_URI } from './draft04-conversion.ts';

describe('convertToDraft04', () => {
  it('renames $defs to definitions and rewrites the refs that point into it', () => {
    const result = convertToDraft04(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { address: { $ref: '#/$defs/address' } },
        $defs: { address: { type: 'object', properties: { zip: { type: 'string' } } } },
      },
      '2020-12',
    );
    expect(result).toMatchObject({
      ok: true,
      schema: {
        $schema: DRAFT_04_URI,
        properties: { address: { $ref: '#/definitions/address' } },
        definitions: { address: { type: 'object', properties: { zip: { type: 'string' } } } },
      },
    });
    expect(result.ok && '$defs' in result.schema).toBe(false);
  });

  it('turns const into a one-value enum, at any depth', () => {
    const result = convertToDraft04(
      { type: 'object', properties: { kind: { const: 'order' }, tags: { items: { const: 1 } } } },
      'draft-07',
    );
    expect(result.ok && result.schema.properties).toEqual({
      kind: { enum: ['order'] },
      tags: { items: { enum: [1] } },
    });
  });

  it('turns numeric exclusive bounds into the boolean form, keeping the stricter of two bounds', () => {
    const plain = convertToDraft04({ exclusiveMinimum: 0, exclusiveMaximum: 10 }, 'draft-07');
    expect(plain.ok && plain.schema).toMatchObject({
      minimum: 0,
      exclusiveMinimum: true,
      maximum: 10,
      exclusiveMaximum: true,
    });
    const inclusiveStricter = convertToDraft04({ minimum: 5, exclusiveMinimum: 0 }, '2020-12');
    expect(inclusiveStricter.ok && inclusiveStricter.schema).toEqual({ $schema: DRAFT_04_URI, minimum: 5 });
    const exclusiveStricter = convertToDraft04({ exclusiveMinimum: 5, minimum: 0 }, '2020-12');
    expect(exclusiveStricter.ok && exclusiveStricter.schema).toEqual({
      $schema: DRAFT_04_URI,
      minimum: 5,
      exclusiveMinimum: true,
    });
  });

  it('merges dependentRequired and dependentSchemas into dependencies', () => {
    const result = convertToDraft04(
      { dependentRequired: { card: ['cvc'] }, dependentSchemas: { iban: { required: ['bic'] } } },
      '2019-09',
    );
    expect(result.ok && result.schema.dependencies).toEqual({ card: ['cvc'], iban: { required: ['bic'] } });
  });

  it('maps 2020-12 prefixItems + items to the draft-04 tuple form', () => {
    const result = convertToDraft04(
      { prefixItems: [{ type: 'string' }], items: { type: 'number' } },
      '2020-12',
    );
    expect(result.ok && result.schema).toEqual({
      $schema: DRAFT_04_URI,
      items: [{ type: 'string' }],
      additionalItems: { type: 'number' },
    });
  });

  it('expresses if/then/else and boolean subschemas with draft-04 combinators', () => {
    const result = convertToDraft04(
      {
        if: { properties: { kind: { const: 'a' } } },
        // biome-ignore lint/suspicious/noThenProperty: "then" is a JSON Schema keyword here, not a thenable
        then: { required: ['a'] },
        else: false,
        properties: { any: true },
      },
      'draft-07',
    );
    expect(result.ok && result.schema).toEqual({
      $schema: DRAFT_04_URI,
      properties: { any: {} },
      allOf: [
        {
          anyOf: [
            { allOf: [{ properties: { kind: { enum: ['a'] } } }, { required: ['a'] }] },
            { allOf: [{ not: { properties: { kind: { enum: ['a'] } } } }, { not: {} }] },
          ],
        },
      ],
    });
  });

  it('moves the siblings of a 2020-12 $ref under allOf, since draft-04 would ignore them', () => {
    const result = convertToDraft04(
      { $ref: '#/$defs/base', required: ['id'], $defs: { base: {} } },
      '2020-12',
    );
    expect(result.ok && result.schema).toEqual({
      $schema: DRAFT_04_URI,
      required: ['id'],
      definitions: { base: {} },
      allOf: [{ $ref: '#/definitions/base' }],
    });
  });

  it('refuses keywords draft-04 cannot express, naming the keyword and where it is', () => {
    expect(
      convertToDraft04({ properties: { ids: { type: 'array', contains: { type: 'integer' } } } }, '2020-12'),
    ).toEqual({
      ok: false,
      reason: 'draft-04 has no "contains" (found "contains")',
      path: '/properties/ids/contains',
    });
    const unevaluated = convertToDraft04({ allOf: [{}], unevaluatedProperties: false }, '2019-09');
    expect(unevaluated.ok).toBe(false);
    expect(!unevaluated.ok && unevaluated.path).toBe('/unevaluatedProperties');
    expect(convertToDraft04({ propertyNames: { pattern: '^a' } }, 'draft-07').ok).toBe(false);
  });

  it('leaves draft-04 input alone and does not modify its input', () => {
    const input = { $schema: DRAFT_04_URI, minimum: 1, exclusiveMinimum: true };
    expect(convertToDraft04(input, 'draft-04')).toEqual({ ok: true, schema: input, changes: [] });
    const source = { const: 1, $defs: { a: { const: 2 } } };
    const copy = structuredClone(source);
    convertToDraft04(source, '2020-12');
    expect(source).toEqual(copy);
  });

  it('keeps unknown and annotation keywords, including ones that look like schemas inside enum values', () => {
    const result = convertToDraft04(
      { 'x-amazon-events-source': 'aws.ec2', examples: [{ const: 1 }], enum: [{ const: 'kept' }] },
      '2020-12',
    );
    expect(result.ok && result.schema).toEqual({
      $schema: DRAFT_04_URI,
      'x-amazon-events-source': 'aws.ec2',
      examples: [{ const: 1 }],
      enum: [{ const: 'kept' }],
    });
  });
});
