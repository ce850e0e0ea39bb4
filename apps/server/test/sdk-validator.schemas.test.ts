/**
 * The repository's own `schemas/` folder through the SDK's local validator: every example of every contract,
 * routed and by name, gets the verdict its folder says (valid/ or invalid/), and the same schema, version and
 * error paths as the server's `POST /v1/validate` gives it.
 */
import { fileURLToPath } from 'node:url';
import { extractRouteKeys } from '@schemagate/core';
import { eachDatabase } from '@schemagate/db/testing';
import { createValidator, type FolderContract, loadSchemaFolder } from '@schemagate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { inProcessClient, serverVerdict, verdictOf } from './verdicts.ts';

const folder = fileURLToPath(new URL('../../../schemas', import.meta.url));

/** Events of a contract that pins an envelope or a CloudEvents type route to it; parts (Address, Money) do not. */
const routable = (contract: FolderContract) => {
  const keys = extractRouteKeys(contract);
  return (keys.source !== undefined && keys.detailType !== undefined) || keys.cloudEventType !== undefined;
};

let t: TestApp;
let contracts: FolderContract[];

beforeAll(async () => {
  t = await startTestApp(await eachDatabase()[0]!.create());
  contracts = await loadSchemaFolder(folder);
  for (const contract of contracts) {
    const res = await t.call(
      'POST',
      `/v1/registries/${contract.registry}/schemas/${contract.name}/versions`,
      {
        json: { schema: contract.schema, format: contract.format },
      },
    );
    expect(res.status, `${contract.registry}/${contract.name}`).toBe(201);
  }
}, 60_000);
afterAll(() => t?.close());

describe('createValidator on schemas/', () => {
  it('judges every example as its folder says and as POST /v1/validate does', async () => {
    const validator = createValidator({ url: 'unused', client: inProcessClient(t) });
    let checked = 0;
    for (const contract of contracts) {
      const { registry, name } = contract;
      for (const [expected, examples] of [
        [true, contract.examples.valid],
        [false, contract.examples.invalid],
      ] as const) {
        for (const { file, event } of examples) {
          const byName = verdictOf(await validator.validate(event, { registry, schema: name }));
          expect(byName, file).toMatchObject({ valid: expected, schema: name, version: 1 });
          expect(byName, file).toEqual(await serverVerdict(t, { event, registry, schema: name }));
          // routed by the event's own fields: an invalid example may route nowhere (wrong detail-type), alike
          const routed = verdictOf(await validator.validate(event, { registry }));
          expect(routed, file).toEqual(await serverVerdict(t, { event, registry }));
          if (expected && routable(contract)) expect(routed, file).toEqual(byName);
          checked++;
        }
      }
    }
    expect(checked).toBe(
      contracts.reduce((n, c) => n + c.examples.valid.length + c.examples.invalid.length, 0),
    );
    expect(checked).toBeGreaterThanOrEqual(29);
    expect(contracts.filter(routable).map((c) => c.name)).toHaveLength(4);
  });
});
