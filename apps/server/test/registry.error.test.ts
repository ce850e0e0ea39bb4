import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodOrder, orderPlacedV1 } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const base = '/v1/registries/bad/schemas';

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as { code: string; status: number; title: string; type: string };
  expect(body).toMatchObject({ code, status });
  expect(body.title).toBeTruthy();
  expect(body.type).toMatch(/^https:\/\//);
  return body;
}

describe.each(eachDatabase())('bad input gets a clear 4xx problem ($name)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await database.create(), { SCHEMAGATE_BATCH_MAX_EVENTS: '100' });
    await t.call('POST', `${base}/orders/versions`, { json: { schema: orderPlacedV1 } });
  });
  afterAll(() => t?.close());

  it('refuses a body that is not JSON', async () => {
    await problem(
      await t.call('POST', '/v1/validate', { body: '{"event": ', key: 'validate' }),
      400,
      'invalid_json',
    );
  });

  it('refuses a body that is not declared as JSON', async () => {
    await problem(
      await t.call('POST', '/v1/validate', {
        body: '{}',
        key: 'validate',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('refuses a body over the limit', async () => {
    const big = JSON.stringify({ event: 'x'.repeat(2 * 1024 * 1024) });
    await problem(
      await t.call('POST', '/v1/validate', { body: big, key: 'validate' }),
      413,
      'payload_too_large',
    );
  });

  it('refuses a batch over the event limit', async () => {
    const events = Array.from({ length: 101 }, () => goodOrder);
    await problem(
      await t.call('POST', '/v1/validate/batch', { json: { events }, key: 'validate' }),
      413,
      'payload_too_large',
    );
  });

  it('refuses a request that does not match the API, naming the member', async () => {
    const body = await problem(
      await t.call('POST', '/v1/validate', { json: { event: 1, version: 'first' }, key: 'validate' }),
      422,
      'invalid_request',
    );
    expect(JSON.stringify(body)).toMatch(/version/);
    await problem(
      await t.call('POST', '/v1/validate', { json: { registry: 'bad' }, key: 'validate' }),
      422,
      'invalid_request',
    );
    await problem(
      await t.call('GET', '/v1/registries/bad/schemas/has%20space/versions'),
      422,
      'invalid_request',
    );
  });

  it('answers a 10,000-level nested event with 422, quickly, and stays up', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const started = performance.now();
    await problem(
      await t.call('POST', '/v1/validate', {
        body: `{"event": ${deep}, "registry": "bad", "schema": "orders"}`,
        key: 'validate',
      }),
      422,
      'too_deep',
    );
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    await problem(
      await t.call('POST', '/v1/validate', { body: `{"event": ${deepObject}}`, key: 'validate' }),
      422,
      'too_deep',
    );
    await problem(
      await t.call('POST', `${base}/deep/versions`, { body: `{"schema": ${deepObject}}` }),
      422,
      'too_deep',
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await t.call('GET', '/healthz')).status).toBe(200);
  });

  it('judges depth exactly at the limit, whether the body text or a walk of the event decides', async () => {
    const limited = await startTestApp(await database.create(), { SCHEMAGATE_MAX_DEPTH: '8' });
    try {
      const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const validate = (event: string) =>
        limited.call('POST', '/v1/validate', {
          body: `{"event": ${event}, "registry": "none", "schema": "none"}`,
          key: 'validate',
        });
      // 7 levels and the body's own brace make 8 brackets: the text alone proves the event shallow enough
      await problem(await validate(nestedArrays(7)), 404, 'not_found');
      // 8 levels make 9 brackets: the text cannot tell, the walk finds 8 levels, within the limit
      await problem(await validate(nestedArrays(8)), 404, 'not_found');
      await problem(await validate(nestedArrays(9)), 422, 'too_deep');
      // brackets inside strings push the count past the limit, so the event is walked and judged by its depth
      const padded = (levels: number) =>
        `{"note": "${'['.repeat(20)}", "value": ${nestedArrays(levels - 1)}}`;
      await problem(await validate(padded(8)), 404, 'not_found');
      await problem(await validate(padded(9)), 422, 'too_deep');
    } finally {
      await limited.close();
    }
  });

  it('treats __proto__ keys as plain data and pollutes nothing', async () => {
    // written as text: in an object literal `__proto__` would set the prototype instead of a member
    const schema =
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"}},"required":["constructor"]}';
    const reg = await t.call('POST', `${base}/proto/versions`, { body: `{"schema": ${schema}}` });
    expect([200, 201]).toContain(reg.status);
    const body =
      '{"registry":"bad","schema":"proto","event":{"__proto__":{"polluted":true},"constructor":"x"}}';
    const res = await t.call('POST', '/v1/validate', { body, key: 'validate' });
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const batch = await t.call('POST', '/v1/validate/batch', {
      body: '{"events":[{"__proto__":{"polluted":1}}],"registry":"bad","schema":"proto"}',
      key: 'validate',
    });
    expect(batch.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers a catastrophic pattern within a second', async () => {
    const res = await t.call('POST', `${base}/redos/versions`, {
      json: { schema: { type: 'string', pattern: '^(a+)+$' } },
    });
    const started = performance.now();
    if (res.status === 201) {
      const verdict = await t.call('POST', '/v1/validate', {
        json: { registry: 'bad', schema: 'redos', event: `${'a'.repeat(40)}!` },
        key: 'validate',
      });
      expect(verdict.status).toBe(200);
      expect(await verdict.json()).toMatchObject({ valid: false });
    } else {
      await problem(res, 422, 'unsafe_pattern');
    }
    const props = await t.call('POST', `${base}/redos-props/versions`, {
      json: { schema: { type: 'object', patternProperties: { '^(a|a)*$': { type: 'string' } } } },
    });
    if (props.status === 201) {
      const verdict = await t.call('POST', '/v1/validate', {
        json: { registry: 'bad', schema: 'redos-props', event: { [`${'a'.repeat(40)}!`]: 1 } },
        key: 'validate',
      });
      expect(verdict.status).toBe(200);
    } else {
      await problem(props, 422, 'unsafe_pattern');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a $ref to the network and never fetches it', async () => {
    const body = await problem(
      await t.call('POST', `${base}/remote/versions`, {
        json: { schema: { $ref: 'http://169.254.169.254/latest/meta-data' } },
      }),
      422,
      'unresolved_reference',
    );
    expect(JSON.stringify(body)).toMatch(/169\.254\.169\.254/);
  });

  it('refuses a document that is not a schema, with the meta-schema errors', async () => {
    const body = (await problem(
      await t.call('POST', `${base}/broken/versions`, { json: { schema: { type: 12, minimum: 'x' } } }),
      422,
      'invalid_schema',
    )) as unknown as { errors: unknown[] };
    expect(body.errors.length).toBeGreaterThan(0);
    await problem(
      await t.call('POST', `${base}/broken/versions`, { json: { schema: 'just text' } }),
      422,
      'invalid_schema',
    );
  });

  it('answers unknown routes, schemas and versions with 404 problems', async () => {
    await problem(await t.call('GET', '/v1/nothing-here'), 404, 'not_found');
    await problem(await t.call('GET', `${base}/missing/versions/latest`), 404, 'not_found');
    await problem(await t.call('GET', `${base}/orders/versions/99`), 404, 'not_found');
    await problem(await t.call('GET', '/v1/registries/missing'), 404, 'not_found');
  });
});
