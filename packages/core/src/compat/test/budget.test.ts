import { describe, expect, it } from 'vitest';
import { CompatibilityLimitError, type CompatibilityLimits } from '../budget.ts';
import { checkCompatibility } from '../check-compatibility.ts';
import type { CompatibilityMode } from '../types.ts';

const jsonschema = (schema: unknown) => ({ format: 'jsonschema' as const, schema });

/** `$defs` d0..d(depth-1), each `{"anyOf": [{"$ref": next}, {"$ref": next}]}`: 2^depth paths to the leaf. */
function diamondChain(depth: number, leaf: Record<string, unknown>, title = 'chain') {
  const defs: Record<string, unknown> = {};
  for (let level = 0; level < depth; level += 1) {
    const next = { $ref: `#/$defs/d${level + 1}` };
    defs[`d${level}`] = { anyOf: [next, { ...next }] };
  }
  defs[`d${depth}`] = leaf;
  return { title, $ref: '#/$defs/d0', $defs: defs };
}

function wide(properties: number, type: string) {
  const out: Record<string, unknown> = {};
  for (let index = 0; index < properties; index += 1) out[`p${index}`] = { type };
  return { type: 'object', properties: out };
}

function check(
  previous: unknown,
  candidate: unknown,
  limits?: CompatibilityLimits,
  mode: CompatibilityMode = 'BACKWARD',
) {
  return checkCompatibility({
    candidate: jsonschema(candidate),
    previous: [{ version: 1, input: jsonschema(previous) }],
    mode,
    policy: 'strict',
    ...(limits ? { limits } : {}),
  });
}

describe('a diamond of $refs costs what its size costs', () => {
  it('22 levels of the same shape are compatible, within a few hundred steps', () => {
    const started = performance.now();
    const report = check(
      diamondChain(22, { type: 'string' }),
      diamondChain(22, { type: 'string' }, 'renamed'),
      { maxSteps: 500 },
      'FULL',
    );
    expect(report.compatible).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('22 levels with a narrowed leaf are incompatible, with a change per level, not per path', () => {
    const started = performance.now();
    const report = check(diamondChain(22, { type: 'string' }), diamondChain(22, { type: 'integer' }), {
      maxSteps: 1000,
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(report.compatible).toBe(false);
    const breaking = report.changes.filter((change) => change.breaking);
    expect(breaking.map((change) => change.type)).toContain('TYPE_CHANGED');
    expect(breaking.length).toBeLessThan(100);
    // the leaf is reached through one of the 2^22 paths, and the path says which
    const leaf = breaking.find((change) => change.type === 'TYPE_CHANGED')!;
    expect(leaf.path).toMatch(/^#(\/anyOf\/[01]){22}\/type$/);
  });

  it('22 levels with a widened leaf are compatible backward and not forward', () => {
    const narrow = diamondChain(22, { type: 'string' });
    const broad = diamondChain(22, { type: ['string', 'integer'] });
    expect(check(narrow, broad, { maxSteps: 1000 }).compatible).toBe(true);
    expect(check(narrow, broad, { maxSteps: 1000 }, 'FORWARD').compatible).toBe(false);
  });

  it('a pair found breaking stays breaking where it is met again inside a union', () => {
    const versioned = (leaf: string) => ({
      $defs: { leaf: { type: leaf } },
      type: 'object',
      properties: { x: { $ref: '#/$defs/leaf' }, y: { anyOf: [{ $ref: '#/$defs/leaf' }] } },
    });
    const report = check(versioned('string'), versioned('integer'));
    const paths = report.changes.filter((change) => change.breaking).map((change) => change.path);
    expect(paths.some((path) => path.startsWith('#/properties/x'))).toBe(true);
    expect(paths.some((path) => path.startsWith('#/properties/y'))).toBe(true);
  });
});

describe('the budget', () => {
  it('past its steps, the check throws a typed error naming the limit', () => {
    const error = (() => {
      try {
        check(wide(50, 'string'), wide(50, 'integer'), { maxSteps: 10 });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(CompatibilityLimitError);
    expect(error).toMatchObject({ code: 'schema_too_complex', limit: 'steps', max: 10 });
  });

  it('past its time, the check throws a typed error naming the limit', () => {
    expect(() => check(wide(5000, 'string'), wide(5000, 'integer'), { maxMillis: 1 })).toThrow(
      expect.objectContaining({ code: 'schema_too_complex', limit: 'time', max: 1 }),
    );
  });

  it('with no witness candidates left, breaking changes are still reported, without witnesses', () => {
    const report = check(wide(5, 'string'), wide(5, 'integer'), { maxWitnessCandidates: 0 });
    expect(report.compatible).toBe(false);
    const breaking = report.changes.filter((change) => change.breaking);
    expect(breaking).toHaveLength(5);
    for (const change of breaking) {
      expect(change.witness).toBeUndefined();
      expect(change.message).toMatch(/no witness was looked for/);
    }
    // the same pair with candidates to spare has every witness
    expect(
      check(wide(5, 'string'), wide(5, 'integer')).changes.every((change) => change.witness !== undefined),
    ).toBe(true);
  });

  it('with no witness time, breaking changes are reported without witnesses, as quickly', () => {
    const report = check(wide(200, 'string'), wide(200, 'integer'), { maxWitnessMillis: 0 });
    const breaking = report.changes.filter((change) => change.breaking);
    expect(breaking).toHaveLength(200);
    expect(breaking.every((change) => change.witness === undefined)).toBe(true);
  });

  it('no witness is validated against a schema whose validation passes through too many subschemas', () => {
    const started = performance.now();
    const report = check(diamondChain(22, { type: 'string' }), diamondChain(22, { type: 'integer' }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(
      report.changes.filter((change) => change.breaking).every((change) => change.witness === undefined),
    ).toBe(true);
  });
});
