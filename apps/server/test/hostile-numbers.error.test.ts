import { extractRouteKeys } from '@schemagate/core';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { storageFromHandle } from '../src/storage.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { refused as expectRefusal, pathsOf } from './refusals.ts';

// JSON.parse reads a literal past 1.8e308 as ±Infinity and JSON.stringify writes that back as null: a schema
// holding one would mean one thing in the memory of the replica that registered it and another, read back from
// storage, everywhere else. Such numbers are refused wherever they arrive, by JSON Pointer.

const registry = 'numbers';
const base = `/v1/registries/${registry}/schemas`;

/** A 422 refusal, `number_out_of_range` unless told. */
const refused = (res: Response, code = 'number_out_of_range') => expectRefusal(res, code);

/** A schema that large but finite numbers cannot tell apart from ±Infinity once they pass through null. */
const boundary = {
  type: 'object',
  properties: {
    n: { type: 'number', maximum: 1.7976931348623157e308, minimum: -1.7976931348623157e308 },
    c: { const: 1e308 },
    e: { enum: [-1e308, 2.5e-308, 0] },
    m: { type: 'number', multipleOf: 1e-300 },
  },
};

const boundaryEvents = [
  { n: 1, c: 1e308, e: 0 },
  { n: 1.7976931348623157e308, c: 1e308, e: -1e308 },
  { n: null },
  { c: null },
  { e: null },
  { c: 1e307 },
  { e: 2.5e-308 },
  { m: 3e-300 },
  { m: 'x' },
];

describe.each(eachDatabase())('numbers out of range are a 422 naming the pointer ($name)', (database) => {
  let t: TestApp;
  let handle: Awaited<ReturnType<typeof database.create>>;
  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle);
    expect((await t.call('PUT', `/v1/registries/${registry}`, { json: {} })).status).toBe(201);
    const res = await t.call('POST', `${base}/plain/versions`, {
      json: { schema: { type: 'object', properties: { n: { type: 'number' } } } },
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => t?.close());

  it('refuses a schema holding one in a keyword, a nested keyword, enum, const, default or examples', async () => {
    const cases: [string, string[]][] = [
      ['{"schema": {"maximum": 1e400}}', ['/schema/maximum']],
      ['{"schema": {"minimum": -1e400}}', ['/schema/minimum']],
      [
        '{"schema": {"properties": {"a": {"items": {"exclusiveMaximum": 1e309}}}}}',
        ['/schema/properties/a/items/exclusiveMaximum'],
      ],
      ['{"schema": {"enum": [1, 1E+999, -2e308]}}', ['/schema/enum/1', '/schema/enum/2']],
      ['{"schema": {"const": 1e400}}', ['/schema/const']],
      ['{"schema": {"default": {"x": [1e400]}}}', ['/schema/default/x/0']],
      ['{"schema": {"examples": [1e400]}}', ['/schema/examples/0']],
      [`{"schema": {"maximum": ${'9'.repeat(320)}}}`, ['/schema/maximum']],
      ['{"schema": {"maximum": 1}, "metadata": {"limit": 1e400}}', ['/metadata/limit']],
    ];
    for (const [body, paths] of cases) {
      const problem = await refused(await t.call('POST', `${base}/infinite/versions`, { body }));
      expect(pathsOf(problem), body.slice(0, 80)).toEqual(paths);
      expect(problem.errors![0]!.message).toMatch(/64-bit float/);
    }
    expect((await t.call('GET', `${base}/infinite/versions`)).status).toBe(404);
  });

  it('refuses one in an EventBridge (OpenAPI 3) document', async () => {
    const body =
      '{"schema": {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": ' +
      '{"schemas": {"AWSEvent": {"type": "object", "properties": {"n": {"type": "number", "maximum": 1e400}}}}}}}';
    const problem = await refused(await t.call('POST', `${base}/infinite.openapi/versions`, { body }));
    expect(pathsOf(problem)).toEqual(['/schema/components/schemas/AWSEvent/properties/n/maximum']);
  });

  it('refuses one in a compatibility check', async () => {
    const problem = await refused(
      await t.call('POST', `${base}/plain/compatibility`, {
        body: '{"schema": {"type": "object", "maximum": 1e400}}',
      }),
    );
    expect(pathsOf(problem)).toEqual(['/schema/maximum']);
  });

  it('refuses one in PATCH metadata', async () => {
    const problem = await refused(
      await t.call('PATCH', `${base}/plain/versions/1`, { body: '{"metadata": {"n": [-1e400]}}' }),
    );
    expect(pathsOf(problem)).toEqual(['/metadata/n/0']);
  });

  it('answers an event holding one with a 422 naming its pointer in the event', async () => {
    for (const body of [
      '{"event": {"n": 1e400}, "registry": "numbers", "schema": "plain"}',
      '{"event": {"detail": {"n": [1, -1e400]}, "source": "x"}, "schema": "plain", "registry": "numbers"}',
      '{"event":{"n":1E+309},"registry":"numbers","schema":"plain"}',
      `{"event": {"n": ${'9'.repeat(400)}}, "registry": "numbers", "schema": "plain"}`,
    ]) {
      const problem = await refused(await t.call('POST', '/v1/validate', { body, key: 'validate' }));
      expect(pathsOf(problem).length, body.slice(0, 60)).toBe(1);
      expect(pathsOf(problem)[0]).toMatch(/^\/(n|detail\/n\/1)$/);
    }
    // an event alone is the fast path: the text decides, then a walk names the pointer
    const alone = await refused(
      await t.call('POST', '/v1/validate', { body: '{"event": 1e400}', key: 'validate' }),
    );
    expect(pathsOf(alone)).toEqual(['']);
  });

  it('finds one in an event deeper than the text alone can clear', async () => {
    const nested = `${'['.repeat(40)}1e400${']'.repeat(40)}`;
    const body = `{"event": {"a": ${nested}, "b": ${'{"c":'.repeat(30)}1${'}'.repeat(30)}}, "registry": "numbers", "schema": "plain"}`;
    const problem = await refused(await t.call('POST', '/v1/validate', { body, key: 'validate' }));
    expect(pathsOf(problem)).toEqual([`/a${'/0'.repeat(40)}`]);
  });

  it('fails only the batch entries holding one, keeping the order and the response shape', async () => {
    const body =
      '{"registry": "numbers", "schema": "plain", "events": [{"n": 1}, {"n": 1e400}, {"n": "x"}, {"deep": [{"n": -1e400}]}, {"n": 2}]}';
    const res = await t.call('POST', '/v1/validate/batch', { body, key: 'validate' });
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      failedCount: number;
      results: { valid: boolean; errors: { path: string; keyword: string }[] }[];
    };
    expect(out.failedCount).toBe(3);
    expect(out.results.map((r) => r.valid)).toEqual([true, false, false, false, true]);
    expect(out.results[1]!.errors).toEqual([
      expect.objectContaining({ path: '/n', keyword: 'number_out_of_range' }),
    ]);
    expect(out.results[2]!.errors[0]).toMatchObject({ path: '/n', keyword: 'type' });
    expect(out.results[3]!.errors).toEqual([
      expect.objectContaining({ path: '/deep/0/n', keyword: 'number_out_of_range' }),
    ]);
    expect(out.results[4]!.valid).toBe(true);
  });

  it('validates events whose text only looks like it might overflow', async () => {
    const body = `{"event": {"n": ${Number.MAX_VALUE}, "id": "3e456-1e400"}, "registry": "numbers", "schema": "plain"}`;
    const res = await t.call('POST', '/v1/validate', { body, key: 'validate' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true });
  });

  it('gives a stored-then-reread schema the same verdicts as the copy registered in memory', async () => {
    const res = await t.call('POST', `${base}/boundary/versions`, { json: { schema: boundary } });
    expect(res.status).toBe(201);
    const verdicts = async (call: (body: unknown) => Promise<Response>) => {
      const out: unknown[] = [];
      for (const event of boundaryEvents) {
        const answer = await call({ event, registry, schema: 'boundary' });
        expect(answer.status).toBe(200);
        const { valid, errors } = (await answer.json()) as { valid: boolean; errors: { path: string }[] };
        out.push({ valid, paths: errors.map((e) => e.path) });
      }
      return out;
    };
    // the registering app validates with the validator it compiled from the request's own object
    const registering = await verdicts((json) => t.call('POST', '/v1/validate', { json, key: 'validate' }));
    // a second replica on the same database compiles from what storage gives back
    const replica = createApp({
      store: storageFromHandle(handle).store,
      keys: async () => [],
      config: parseConfig({ SCHEMAGATE_LOG: 'silent', SCHEMAGATE_SEED: 'false', SCHEMAGATE_AUTH: 'off' }),
    });
    const rereading = await verdicts((json) =>
      Promise.resolve(
        replica.app.request('/v1/validate', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(json),
        }),
      ),
    );
    expect(rereading).toEqual(registering);
    const valid = registering.map((v) => (v as { valid: boolean }).valid);
    expect(valid.slice(0, 6)).toEqual([true, true, false, false, false, false]);
    const read = (await (await t.call('GET', `${base}/boundary/versions/1`)).json()) as { schema: unknown };
    expect(read.schema).toEqual(boundary);
  });

  it('answers a version stored before these checks, whose 1e400 reads back as null, with a 422, not a 500', async () => {
    const store = storageFromHandle(handle).store;
    const content = { type: 'object', properties: { n: { maximum: null } } };
    await store.registerVersion({
      registry,
      name: 'stored.before',
      format: 'jsonschema',
      dialect: '2020-12',
      fingerprint: 'stored-before',
      content,
      routeKeys: extractRouteKeys({ format: 'jsonschema', schema: content }),
      references: [],
    });
    const one = await t.call('POST', '/v1/validate', {
      json: { event: { n: 1 }, registry, schema: 'stored.before' },
      key: 'validate',
    });
    const problem = await refused(one, 'invalid_schema');
    expect(problem.detail).toMatch(/stored but does not compile/);
    const batch = await t.call('POST', '/v1/validate/batch', {
      json: { events: [{ n: 1 }], registry, schema: 'stored.before' },
      key: 'validate',
    });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toMatchObject({
      failedCount: 1,
      results: [{ errors: [{ keyword: 'invalid_schema' }] }],
    });
  });
});
