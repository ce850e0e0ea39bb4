import { afterAll, describe, expect, it } from 'vitest';
import type { CompiledValidator } from '../src/index.ts';
import { compileSchema } from '../src/index.ts';
import type { SuiteDraft, SuiteGroup } from './suite.ts';
import { loadRemotes, loadSuite } from './suite.ts';
import { SUITE_SKIPS } from './suite-skips.ts';

const DRAFTS: SuiteDraft[] = ['draft4', 'draft7', 'draft2020-12'];

describe.each(DRAFTS)('JSON-Schema-Test-Suite %s through compileSchema', (draft) => {
  const remotes = loadRemotes(draft);
  const groups = loadSuite(draft);
  const skipped = new Set(SUITE_SKIPS[draft].flatMap((entry) => entry.tests));
  const tally = { passed: 0, total: 0 };
  const files = [...new Set(groups.map((group) => group.file))];

  afterAll(() => {
    const rate = ((100 * tally.passed) / tally.total).toFixed(1);
    console.log(
      `${draft}: ${tally.passed}/${tally.total} passed (${rate}%), ${skipped.size} listed as known failures`,
    );
  });

  it('lists only cases that exist in the suite', () => {
    const known = new Set(groups.flatMap((group) => group.tests.map((test) => test.id)));
    expect([...skipped].filter((id) => !known.has(id))).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const unexpectedFailures: string[] = [];
    const listedButPassing: string[] = [];
    for (const group of groups.filter((candidate) => candidate.file === file)) {
      const validator = tryCompile(group);
      for (const test of group.tests) {
        const passed = validator !== undefined && (validator.validate(test.data) === null) === test.valid;
        tally.total += 1;
        if (passed) tally.passed += 1;
        if (!passed && !skipped.has(test.id)) unexpectedFailures.push(test.id);
        if (passed && skipped.has(test.id)) listedButPassing.push(test.id);
      }
    }
    expect(unexpectedFailures).toEqual([]);
    expect(listedButPassing).toEqual([]);
  });

  function tryCompile(group: SuiteGroup): CompiledValidator | undefined {
    try {
      return compileSchema({ format: 'jsonschema', schema: group.schema }, remotes);
    } catch {
      return undefined;
    }
  }
});
