/**
 * An event holding a number JSON cannot write back (what JSON.parse makes of `1e400`) is refused alike by the
 * server's batch `POST /v1/validate/batch`, the SDK's `createValidator` and generated bindings: the same issues,
 * one per such number, keyword `number_out_of_range`, with the same pointer and message.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateBindings } from '@schemagate/codegen';
import { eachDatabase } from '@schemagate/db/testing';
import { bindingsValidator, createValidator, type EventBindings } from '@schemagate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { inProcessClient } from './verdicts.ts';

const schema = { type: 'object', properties: { n: { type: 'number' } } };
const eventsText = '[{"n": 1}, {"n": 1e400}, {"deep": [{"n": -1e400}, 2e999]}, {"n": "x"}]';

describe.each(eachDatabase())('numbers out of range, server and SDK ($name)', (database) => {
  let t: TestApp;
  let handle: Awaited<ReturnType<typeof database.create>>;
  let dir: string;
  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle);
    expect((await t.call('PUT', '/v1/registries/numbers', { json: {} })).status).toBe(201);
    const res = await t.call('POST', '/v1/registries/numbers/schemas/plain/versions', { json: { schema } });
    expect(res.status).toBe(201);
    dir = await mkdtemp(join(tmpdir(), 'sg-out-of-range-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives the same verdict and issues for each event', async () => {
    const res = await t.call('POST', '/v1/validate/batch', {
      body: `{"registry": "numbers", "schema": "plain", "events": ${eventsText}}`,
      key: 'validate',
    });
    expect(res.status).toBe(200);
    const server = ((await res.json()) as { results: { valid: boolean; errors: unknown[] }[] }).results;
    const events = JSON.parse(eventsText) as unknown[];

    const validator = createValidator({ url: 'unused', registry: 'numbers', client: inProcessClient(t) });
    const { files } = await generateBindings([
      { registry: 'numbers', name: 'plain', version: 1, fingerprint: 'x', format: 'jsonschema', schema },
    ]);
    for (const file of files) await writeFile(join(dir, file.path), file.contents);
    const { schemaBindings } = (await import(pathToFileURL(join(dir, 'index.ts')).href)) as {
      schemaBindings: EventBindings<Record<string, unknown>>;
    };
    const bindings = bindingsValidator(schemaBindings);

    const judge = (result: { valid: boolean; errors: unknown[] }) => ({
      valid: result.valid,
      errors: result.errors,
    });
    for (const [i, event] of events.entries()) {
      const target = { registry: 'numbers', schema: 'plain' };
      expect(judge(await validator.validate(event, target)), `SDK, event ${i}`).toEqual(judge(server[i]!));
      expect(judge(await bindings.validate(event, target)), `bindings, event ${i}`).toEqual(
        judge(server[i]!),
      );
    }
    expect(server[2]!.errors).toEqual([
      expect.objectContaining({ path: '/deep/0/n', keyword: 'number_out_of_range' }),
      expect.objectContaining({ path: '/deep/1', keyword: 'number_out_of_range' }),
    ]);
  });
});
