import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../compile.ts';
import { checkCompatibility } from '../check-compatibility.ts';

type Schema = Record<string, unknown>;
const KEYS = ['a', 'b', 'c'];

/** Random schemas of a small language: scalars with constraints, objects, arrays, unions. */
const schemaArbitrary: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        type: fc.constant('string'),
        maxLength: fc.integer({ min: 0, max: 6 }),
        minLength: fc.integer({ min: 0, max: 3 }),
        pattern: fc.constantFrom('^a', '^b', 'x'),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constantFrom('integer', 'number'),
        minimum: fc.integer({ min: -3, max: 3 }),
        exclusiveMaximum: fc.integer({ min: -2, max: 6 }),
        multipleOf: fc.constantFrom(1, 2, 3),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record({
      enum: fc.uniqueArray(fc.constantFrom('x', 'y', 'z', 1, 2, true, null), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ type: fc.constantFrom('boolean', 'null', ['string', 'null'], ['integer', 'string']) }),
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), {
          maxKeys: 3,
          noNullPrototype: true,
        }),
        required: fc.subarray(KEYS, { maxLength: 2 }),
        additionalProperties: fc.oneof(
          fc.constant(false),
          fc.constant(true),
          fc.constant({ type: 'string' }),
        ),
        maxProperties: fc.integer({ min: 0, max: 4 }),
      },
      { requiredKeys: ['type', 'properties'] },
    ),
    fc.record(
      {
        type: fc.constant('array'),
        items: tie('schema'),
        maxItems: fc.integer({ min: 0, max: 3 }),
        uniqueItems: fc.boolean(),
      },
      { requiredKeys: ['type', 'items'] },
    ),
    fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
  ),
})).schema;

/** Small mutations of a schema, so pairs are often close (as real versions are). */
function mutate(schema: Schema, choice: number): Schema {
  const next: Schema = structuredClone(schema);
  const keys = Object.keys(next);
  const key = keys[choice % Math.max(keys.length, 1)];
  switch (choice % 6) {
    case 0:
      if (key) delete next[key];
      return next;
    case 1:
      if (typeof next.maxLength === 'number') next.maxLength = Math.max(0, next.maxLength - 1 + (choice % 3));
      else next.maxLength = choice % 5;
      return next;
    case 2:
      if (next.properties && typeof next.properties === 'object') {
        (next.properties as Schema)[KEYS[choice % 3]!] = { type: choice % 2 ? 'string' : 'integer' };
      }
      return next;
    case 3:
      if (Array.isArray(next.required)) next.required = KEYS.slice(0, choice % 3);
      else next.minimum = choice % 4;
      return next;
    case 4:
      if (Array.isArray(next.enum))
        next.enum = (next.enum as unknown[]).slice(0, Math.max(1, (next.enum as unknown[]).length - 1));
      else next.additionalProperties = choice % 2 === 0;
      return next;
    default:
      return next;
  }
}

const pairArbitrary = fc.oneof(
  fc.tuple(schemaArbitrary, schemaArbitrary),
  fc.tuple(schemaArbitrary, fc.nat(60)).map(([schema, choice]) => [schema, mutate(schema, choice)] as const),
);

/** JSON values around a schema's edges, from which the old schema's accepted values are drawn. */
const valueArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 'x', 'y', 'z', '', 'a', 'ab', 'abc', 'bbb', 'axa', 'aaaaaaa'),
    fc.integer({ min: -4, max: 8 }),
    fc.constantFrom(0.5, 2.5),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS, 'extra'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

function compile(schema: Schema) {
  try {
    return compileSchema({ format: 'jsonschema', schema });
  } catch {
    return undefined;
  }
}

describe('compatibility properties', () => {
  it('witnesses always separate the versions, and BACKWARD/strict compatible pairs never reject old values', () => {
    let compatiblePairs = 0;
    let witnessesChecked = 0;
    fc.assert(
      fc.property(
        pairArbitrary,
        fc.array(valueArbitrary, { minLength: 30, maxLength: 30 }),
        ([oldSchema, newSchema], values) => {
          const oldValidator = compile(oldSchema);
          const newValidator = compile(newSchema);
          fc.pre(oldValidator !== undefined && newValidator !== undefined);
          const report = checkCompatibility({
            candidate: { format: 'jsonschema', schema: newSchema },
            previous: [{ version: 1, input: { format: 'jsonschema', schema: oldSchema } }],
            mode: 'FULL',
            policy: 'strict',
          });
          for (const change of report.changes) {
            if (change.witness === undefined) continue;
            witnessesChecked += 1;
            const [accepting, rejecting] =
              change.direction === 'backward'
                ? [oldValidator!, newValidator!]
                : [newValidator!, oldValidator!];
            expect(accepting.validate(change.witness)).toBeNull();
            expect(rejecting.validate(change.witness)).not.toBeNull();
          }
          const backwardCompatible = report.changes.every(
            (change) => change.direction !== 'backward' || !change.breaking,
          );
          if (!backwardCompatible) return;
          compatiblePairs += 1;
          // No schema here carries a `default`, so the one documented exception never applies.
          for (const value of values) {
            if (oldValidator!.validate(value) === null) {
              expect(newValidator!.validate(value), `old accepts ${JSON.stringify(value)}`).toBeNull();
            }
          }
        },
      ),
      { numRuns: 1000, seed: 20_241_126 },
    );
    expect(compatiblePairs).toBeGreaterThan(100);
    expect(witnessesChecked).toBeGreaterThan(300);
  }, 60_000);
});
