import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../compile.ts';
import { checkCompatibility } from '../check-compatibility.ts';
import type { CompatibilityMode, CompatibilityPolicy, CompatibilityReport, SchemaInput } from '../types.ts';
import { CASES, type CompatCase } from './compat-cases.ts';

function inputOf(testCase: CompatCase, schema: unknown): SchemaInput {
  return { format: testCase.format ?? 'jsonschema', schema };
}

function run(
  testCase: CompatCase,
  mode: CompatibilityMode,
  policy: CompatibilityPolicy,
): CompatibilityReport {
  return checkCompatibility({
    candidate: inputOf(testCase, testCase.new),
    previous: [{ version: 1, input: inputOf(testCase, testCase.old) }],
    mode,
    policy,
    references: testCase.references,
  });
}

function breakingTypes(report: CompatibilityReport, direction: 'backward' | 'forward'): string[] {
  const types = report.changes
    .filter((change) => change.breaking && change.direction === direction)
    .map((change) => change.type);
  return [...new Set(types)].sort();
}

/** Every witness must be accepted by the version that reads and rejected by the other. */
function expectWitnessesHold(testCase: CompatCase, report: CompatibilityReport): void {
  const oldValidator = compileSchema(inputOf(testCase, testCase.old), testCase.references);
  const newValidator = compileSchema(inputOf(testCase, testCase.new), testCase.references);
  for (const change of report.changes) {
    if (change.witness === undefined) continue;
    const [accepting, rejecting] =
      change.direction === 'backward' ? [oldValidator, newValidator] : [newValidator, oldValidator];
    expect(accepting.validate(change.witness), `${change.type} witness accepted`).toBeNull();
    expect(rejecting.validate(change.witness), `${change.type} witness rejected`).not.toBeNull();
  }
}

describe.each(['strict', 'lenient'] as const)('compatibility table, %s policy', (policy) => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const expected = policy === 'lenient' && testCase.lenient ? testCase.lenient : testCase;
    const backward = run(testCase, 'BACKWARD', policy);
    const forward = run(testCase, 'FORWARD', policy);
    const full = run(testCase, 'FULL', policy);

    expect(breakingTypes(backward, 'backward')).toEqual([...expected.backward].sort());
    expect(backward.compatible).toBe(expected.backward.length === 0);
    expect(breakingTypes(forward, 'forward')).toEqual([...expected.forward].sort());
    expect(forward.compatible).toBe(expected.forward.length === 0);
    expect(full.compatible).toBe(expected.backward.length === 0 && expected.forward.length === 0);
    expect(breakingTypes(full, 'backward')).toEqual(breakingTypes(backward, 'backward'));
    expect(breakingTypes(full, 'forward')).toEqual(breakingTypes(forward, 'forward'));
    expect(run(testCase, 'NONE', policy)).toEqual({ compatible: true, mode: 'NONE', policy, changes: [] });

    for (const report of [backward, forward]) {
      expectWitnessesHold(testCase, report);
      for (const change of report.changes) {
        expect(change.version).toBe(1);
        expect(change.path.startsWith('#')).toBe(true);
      }
    }
  });
});

describe('witnesses', () => {
  it('every breaking change of the table that is not UNDECIDED carries a witness, bar a known few', () => {
    const missing: string[] = [];
    for (const testCase of CASES) {
      for (const mode of ['BACKWARD', 'FORWARD'] as const) {
        for (const change of run(testCase, mode, 'strict').changes) {
          if (change.breaking && change.type !== 'UNDECIDED' && change.witness === undefined) {
            missing.push(`${testCase.name} ${mode} ${change.type}`);
          }
        }
      }
    }
    // A dependentSchemas subschema applies only when its trigger property is present, with values the
    // generator does not combine; the change still counts as breaking and its message says no witness was found.
    expect(missing).toEqual(['dependentSchemas narrowed BACKWARD MAX_LENGTH_ADDED']);
  });
});

describe('transitive modes', () => {
  const v1 = {
    format: 'jsonschema' as const,
    schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
  };
  const v2 = {
    format: 'jsonschema' as const,
    schema: {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'integer' } },
      additionalProperties: false,
    },
  };
  const v3 = {
    format: 'jsonschema' as const,
    schema: { type: 'object', properties: { b: { type: 'integer' } }, additionalProperties: false },
  };

  it('BACKWARD compares with the latest only, BACKWARD_TRANSITIVE with every version', () => {
    const previous = [
      { version: 1, input: v1 },
      { version: 2, input: v2 },
    ];
    const latestOnly = checkCompatibility({
      candidate: v3,
      previous: [previous[1]!],
      mode: 'BACKWARD',
      policy: 'strict',
    });
    expect(latestOnly.compatible).toBe(false);
    const forwardLatest = checkCompatibility({
      candidate: v2,
      previous: [previous[0]!],
      mode: 'FORWARD_TRANSITIVE',
      policy: 'strict',
    });
    expect(forwardLatest.compatible).toBe(false);
    const transitive = checkCompatibility({
      candidate: v3,
      previous,
      mode: 'BACKWARD_TRANSITIVE',
      policy: 'strict',
    });
    expect(
      new Set(transitive.changes.filter((change) => change.breaking).map((change) => change.version)),
    ).toEqual(new Set([1, 2]));
  });

  it('FULL_TRANSITIVE reports both directions against each version', () => {
    const report = checkCompatibility({
      candidate: v2,
      previous: [{ version: 1, input: v1 }],
      mode: 'FULL_TRANSITIVE',
      policy: 'strict',
    });
    expect(report.compatible).toBe(false);
    expect(report.changes.filter((change) => change.breaking).map((change) => change.direction)).toEqual([
      'forward',
    ]);
  });

  it('a candidate equal to the latest version is compatible under every mode', () => {
    for (const mode of ['BACKWARD', 'FORWARD', 'FULL', 'FULL_TRANSITIVE'] as const) {
      expect(
        checkCompatibility({ candidate: v2, previous: [{ version: 7, input: v2 }], mode, policy: 'strict' })
          .compatible,
      ).toBe(true);
    }
  });
});

describe('robustness', () => {
  it('a 2,000-level nested schema does not overflow the stack and is undecided, not compatible', () => {
    let deep: unknown = { type: 'string' };
    let deeper: unknown = { type: 'integer' };
    for (let i = 0; i < 2000; i += 1) {
      deep = { type: 'object', properties: { n: deep } };
      deeper = { type: 'object', properties: { n: deeper } };
    }
    const report = checkCompatibility({
      candidate: { format: 'jsonschema', schema: deeper },
      previous: [{ version: 1, input: { format: 'jsonschema', schema: deep } }],
      mode: 'BACKWARD',
      policy: 'strict',
    });
    expect(report.compatible).toBe(false);
    expect(report.changes.map((change) => change.type)).toContain('UNDECIDED');
  });

  it('a $ref that cannot be resolved is undecided', () => {
    const report = checkCompatibility({
      candidate: { format: 'jsonschema', schema: { $ref: '#/$defs/missing' } },
      previous: [{ version: 1, input: { format: 'jsonschema', schema: { type: 'string' } } }],
      mode: 'BACKWARD',
      policy: 'strict',
    });
    expect(report.changes.map((change) => [change.type, change.breaking])).toEqual([['UNDECIDED', true]]);
  });
});
