import { describe, expect, it } from 'vitest';
import { analyzeSchema, canonicalJson, compileSchema, fingerprint, toJsonSchema } from './index.ts';

// The converted schema's shape as these tests read it.
type ConvertedSchema = {
  properties: Record<string, { $ref?: string }>;
  definitions: Record<string, { properties: Record<string, { type?: unknown }> }>;
};

const jsonschema = (schema: unknown) => ({ format: 'jsonschema' as const, schema });

function elapsedMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('catastrophic regular expressions', () => {
  const evil = `${'a'.repeat(40)}!`;

  it('a nested-quantifier pattern answers well under a second', () => {
    const validator = compileSchema(jsonschema({ type: 'string', pattern: '^(a+)+$' }));
    let errors: unknown;
    expect(elapsedMs(() => (errors = validator.validate(evil)))).toBeLessThan(250);
    expect(errors).toEqual([expect.objectContaining({ keyword: 'pattern' })]);
    expect(validator.validate('aaaa')).toBeNull();
  });

  it('the same holds for patternProperties and propertyNames', () => {
    const validator = compileSchema(
      jsonschema({
        patternProperties: { '^(a|a)*$': { type: 'integer' } },
        propertyNames: { pattern: '^(a*)*b$' },
      }),
    );
    let errors: unknown;
    expect(elapsedMs(() => (errors = validator.validate({ [evil]: 'x', aaaa: 'y' })))).toBeLessThan(250);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '', keyword: 'pattern', schemaPath: '#/propertyNames/pattern' }),
        expect.objectContaining({ path: '/aaaa', keyword: 'type' }),
      ]),
    );
  });

  it('analyzeSchema accepts such patterns, since they run in linear time, but refuses unsafe lookaheads', () => {
    expect(analyzeSchema(jsonschema({ pattern: '^(a+)+$' })).ok).toBe(true);
    expect(analyzeSchema(jsonschema({ properties: { x: { pattern: '^(?=.*\\d)(\\w+\\s?)*$' } } }))).toEqual({
      ok: false,
      code: 'unsafe_pattern',
      errors: [expect.objectContaining({ path: '/properties/x/pattern', keyword: 'pattern' })],
    });
  });

  it('a lookahead that cannot backtrack badly still works', () => {
    const validator = compileSchema(jsonschema({ pattern: '^(?!admin)[a-z]+$' }));
    expect(validator.validate('alice')).toBeNull();
    expect(validator.validate('admin')).not.toBeNull();
  });
});

describe('prototype pollution', () => {
  const hostile = JSON.parse(
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
  );

  it('validating events with __proto__ and constructor keys changes no prototype', () => {
    const validator = compileSchema(
      jsonschema({
        type: 'object',
        properties: { constructor: { type: 'object' }, nested: { $ref: '#' } },
        additionalProperties: true,
      }),
    );
    expect(validator.validate(hostile)).toBeNull();
    expect(validator.validate({ nested: hostile })).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('inherited members never satisfy or fail a schema', () => {
    const validator = compileSchema(
      jsonschema({ required: ['constructor'], properties: { toString: { type: 'string' } } }),
    );
    expect(validator.validate({})).toEqual([
      expect.objectContaining({ path: '/constructor', keyword: 'required' }),
    ]);
    expect(validator.validate({ constructor: 1 })).toBeNull();
  });

  it('required __proto__ is checked against own properties only', () => {
    const validator = compileSchema(jsonschema({ required: ['__proto__'] }));
    expect(validator.validate({})).not.toBeNull();
    expect(validator.validate(JSON.parse('{"__proto__": 1}'))).toBeNull();
  });

  it('schemas with __proto__ keys compile, fingerprint and convert without pollution', () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"a":{"type":"string"}},"__proto__":{"x":1}}',
    );
    expect(analyzeSchema(jsonschema(schema)).ok).toBe(true);
    expect(compileSchema(jsonschema(schema)).validate({ a: 'x' })).toBeNull();
    expect(canonicalJson(schema)).toContain('"__proto__"');
    expect(fingerprint(schema)).not.toBe(fingerprint({ type: 'object' }));
    const openapi = JSON.parse(
      '{"openapi":"3.0.0","components":{"schemas":{"AWSEvent":{"type":"object","properties":{"__proto__":{"type":"string","nullable":true}}},"__proto__":{"polluted":true}}}}',
    );
    const converted = toJsonSchema({ format: 'openapi3', schema: openapi }) as ConvertedSchema;
    expect(Object.getPrototypeOf(converted.definitions)).toBe(Object.prototype);
    expect(Object.hasOwn(converted.definitions, '__proto__')).toBe(true);
    expect(Object.hasOwn(converted.properties, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
