/**
 * The validation budget in-process: what goes to the work pool, what fails alone in a batch, and versions
 * registered under looser limits than the server now has.
 */
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { startTestApp, type TestApp } from './harness.ts';

const versions = (name: string) => `/v1/registries/budget/schemas/${name}/versions`;

/** `$defs` d0..d21, each `{"anyOf": [{"$ref": next}, {"$ref": next}]}`: 2^22 ways through one validation. */
function refChain() {
  const $defs: Record<string, unknown> = { leaf: { type: 'string' } };
  for (let i = 0; i < 22; i++) {
    const next = i < 21 ? `#/$defs/d${i + 1}` : '#/$defs/leaf';
    $defs[`d${i}`] = { anyOf: [{ $ref: next }, { $ref: next }] };
  }
  return { $ref: '#/$defs/d0', $defs };
}

describe.each(eachDatabase())('the validation budget ($name)', (database) => {
  let t: TestApp;
  let loose: TestApp;
  beforeAll(async () => {
    const handle = await database.create();
    t = await startTestApp(handle);
    // the same storage, served by a replica started with looser limits (or before there were any)
    loose = await startTestApp(handle, { SCHEMAGATE_MAX_EXPANDED_SUBSCHEMAS: String(2 ** 30) });
    await t.call('PUT', '/v1/registries/budget', { json: { compatibility: 'NONE' } });
    const unique = await t.call('POST', versions('unique'), {
      json: { schema: { type: 'array', uniqueItems: true } },
    });
    expect(unique.status).toBe(201);
  });
  afterAll(async () => {
    await t?.schemagate.pool.close();
    await loose?.schemagate.pool.close();
    await t?.close();
  });

  const validate = (json: unknown) => t.call('POST', '/v1/validate', { json, key: 'validate' });

  it('refuses a version registered under looser limits instead of running it', async () => {
    expect((await t.call('POST', versions('chain'), { json: { schema: refChain() } })).status).toBe(422);
    const registered = await loose.call('POST', versions('chain'), { json: { schema: refChain() } });
    expect(registered.status).toBe(201);
    const res = await validate({ registry: 'budget', schema: 'chain', event: 'x' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'schema_too_complex', limit: 'maxExpandedSubschemas' });
  });

  it('validates an event too costly for the event loop in the work pool, with the same verdict', async () => {
    const distinct = Array.from({ length: 1500 }, (_, id) => ({ id }));
    const valid = await validate({ registry: 'budget', schema: 'unique', event: distinct });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toMatchObject({ valid: true });
    const repeated = await validate({
      registry: 'budget',
      schema: 'unique',
      event: [...distinct, { id: 7 }],
    });
    expect(await repeated.json()).toMatchObject({ valid: false, errors: [{ keyword: 'uniqueItems' }] });
  }, 20_000);

  it('refuses at once an event estimated far over the budget, naming it', async () => {
    const event = Array.from({ length: 30_000 }, (_, id) => ({ id }));
    const started = performance.now();
    const res = await validate({ registry: 'budget', schema: 'unique', event });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; detail: string; max: number };
    expect(body).toMatchObject({
      code: 'validation_budget_exceeded',
      limit: 'validationBudgetMs',
      max: 1000,
    });
    expect(body.detail).toContain('SCHEMAGATE_VALIDATION_BUDGET_MS');
  });

  it('fails a costly event of a batch alone, in its place', async () => {
    const costly = Array.from({ length: 30_000 }, (_, id) => ({ id }));
    const res = await t.call('POST', '/v1/validate/batch', {
      json: { registry: 'budget', schema: 'unique', events: [[1, 2], costly, [3, 3]] },
      key: 'validate',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      failedCount: number;
      results: Array<{ valid: boolean; errors: unknown[] }>;
    };
    expect(body.failedCount).toBe(2);
    expect(body.results.map((r) => r.valid)).toEqual([true, false, false]);
    expect(body.results[1]!.errors).toMatchObject([{ keyword: 'validation_budget_exceeded' }]);
    expect(body.results[2]!.errors).toMatchObject([{ keyword: 'uniqueItems' }]);
  });

  it('names the pointer and the limit of a schema over one', async () => {
    const res = await t.call('POST', versions('codes'), {
      json: { schema: { properties: { code: { enum: Array.from({ length: 10_001 }, (_, i) => i) } } } },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: 'schema_too_complex',
      limit: 'maxEnumValues',
      max: 10_000,
      found: 10_001,
      errors: [{ path: '/properties/code/enum', keyword: 'maxEnumValues' }],
    });
  });
});

describe('the budget configuration', () => {
  it('reads each limit from the environment and names a bad one', () => {
    const config = parseConfig({
      SCHEMAGATE_MAX_ENUM_VALUES: '500',
      SCHEMAGATE_VALIDATION_BUDGET_MS: '1500',
    });
    expect(config.SCHEMAGATE_MAX_ENUM_VALUES).toBe(500);
    expect(config.SCHEMAGATE_VALIDATION_BUDGET_MS).toBe(1500);
    expect(() => parseConfig({ SCHEMAGATE_MAX_PATTERN_PROPERTIES: 'many' })).toThrow(
      /SCHEMAGATE_MAX_PATTERN_PROPERTIES/,
    );
    expect(() => parseConfig({ SCHEMAGATE_VALIDATION_INLINE_MS: '0' })).toThrow(
      /SCHEMAGATE_VALIDATION_INLINE_MS/,
    );
  });
});
