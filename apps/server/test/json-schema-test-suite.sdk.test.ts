/**
 * The JSON-Schema-Test-Suite through the SDK's local validator: each group's schema is registered in-process (the
 * suite's `remotes/` first, under their URLs), and every test value is judged by `createValidator` and by
 * `POST /v1/validate`. The two must agree on verdict and error paths for every test; the server's own run
 * (json-schema-test-suite.integration.test.ts) holds both to the suite, its skip lists included.
 */
import { eachDatabase } from '@schemagate/db/testing';
import { createValidator } from '@schemagate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite, type SuiteDraft } from '../../../packages/core/test/suite.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { registerSuiteRemotes } from './suite-remotes.ts';
import { inProcessClient, serverVerdict, verdictOf } from './verdicts.ts';

const drafts: SuiteDraft[] = ['draft4', 'draft7', 'draft2020-12'];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(await eachDatabase()[0]!.create());
}, 60_000);
afterAll(() => t?.close());

async function register(registry: string, name: string, schema: unknown): Promise<boolean> {
  const res = await t.call('POST', `/v1/registries/${registry}/schemas/${name}/versions`, {
    json: { schema },
  });
  await res.arrayBuffer();
  return res.status < 300;
}

describe.each(drafts)('JSON-Schema-Test-Suite %s through createValidator', (draft) => {
  const registry = `sdk-suite-${draft.replace('.', '-')}`;
  const groups = loadSuite(draft);

  beforeAll(async () => {
    const res = await t.call('PUT', `/v1/registries/${registry}`, { json: { compatibility: 'NONE' } });
    expect(res.status).toBeLessThan(300);
    await registerSuiteRemotes(draft, (name, schema) => register(registry, name, schema));
  }, 60_000);

  it('gives the verdict and error paths of POST /v1/validate for every test', async () => {
    const validator = createValidator({ url: 'unused', registry, client: inProcessClient(t) });
    const disagreements: string[] = [];
    let compared = 0;
    let matchingSuite = 0;
    for (const [index, group] of groups.entries()) {
      const name = `g.${index}`;
      if (!(await register(registry, name, group.schema))) continue;
      for (const test of group.tests) {
        const sdk = verdictOf(await validator.validate(test.data, { schema: name }));
        const server = await serverVerdict(t, { event: test.data, registry, schema: name });
        compared++;
        if ('valid' in sdk && sdk.valid === test.valid) matchingSuite++;
        if (JSON.stringify(sdk) !== JSON.stringify(server)) {
          disagreements.push(`${test.id}: sdk ${JSON.stringify(sdk)}, server ${JSON.stringify(server)}`);
        }
      }
    }
    console.log(
      `${draft} through createValidator: ${compared} tests compared, ${matchingSuite} as the suite says`,
    );
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(groups.length);
  }, 120_000);
});
