/**
 * Registry limits: a schema's size, the live versions one schema may hold, and the registrations a key may make a
 * minute, each refused with a 4xx that names the limit and published in /v1/quotas.
 */
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { startTestApp, type TestApp } from './harness.ts';

describe('registry limit settings', () => {
  it('default to 1 MiB (the body limit), 1000 versions and 600 registrations a minute, and refuse nonsense', () => {
    const config = parseConfig({});
    expect(config.SCHEMAGATE_MAX_SCHEMA_BYTES).toBe(1024 * 1024);
    expect(config.SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA).toBe(1000);
    expect(config.SCHEMAGATE_REGISTRATIONS_PER_MINUTE).toBe(600);
    expect(() => parseConfig({ SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA: '0' })).toThrow(
      /SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA/,
    );
    expect(() => parseConfig({ SCHEMAGATE_MAX_SCHEMA_BYTES: 'big' })).toThrow(/SCHEMAGATE_MAX_SCHEMA_BYTES/);
  });
});

describe.each(eachDatabase())('registry limits ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;
  let now = 0;

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(
      handle,
      {
        SCHEMAGATE_MAX_SCHEMA_BYTES: '2048',
        SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA: '2',
        SCHEMAGATE_REGISTRATIONS_PER_MINUTE: '3',
      },
      { monotonicNow: () => now },
    );
    await t.call('PUT', '/v1/registries/limits', { json: { compatibility: 'NONE' } });
  });
  afterAll(() => t.close());

  const register = (name: string, schema: unknown, key: 'admin' | 'write' = 'admin') =>
    t.call('POST', `/v1/registries/limits/schemas/${name}/versions`, { json: { schema }, key });

  it('refuses a schema over maxSchemaBytes with 413 naming the limit', async () => {
    now += 60_000;
    const big = { type: 'string', description: 'x'.repeat(3000) };
    const res = await register('big', big);
    expect(res.status).toBe(413);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'payload_too_large', limit: 'maxSchemaBytes', max: 2048 });
    expect(problem.actual).toBe(Buffer.byteLength(JSON.stringify(big)));
    expect(problem.detail).toContain('maxSchemaBytes');
    expect((await register('big', { type: 'string', description: 'x'.repeat(1900) })).status).toBe(201);
  });

  it('refuses a version past maxVersionsPerSchema with 422 too_many_versions, and takes one once a version goes', async () => {
    now += 60_000;
    expect((await register('versions', { type: 'integer', maximum: 1 })).status).toBe(201);
    expect((await register('versions', { type: 'integer', maximum: 2 })).status).toBe(201);
    now += 60_000;
    const third = await register('versions', { type: 'integer', maximum: 3 });
    expect(third.status).toBe(422);
    expect(await third.json()).toMatchObject({
      code: 'too_many_versions',
      limit: 'maxVersionsPerSchema',
      max: 2,
    });
    // the same content as a version is that version, not a new one
    expect((await register('versions', { type: 'integer', maximum: 1 })).status).toBe(200);
    expect((await t.call('DELETE', '/v1/registries/limits/schemas/versions/versions/1')).status).toBe(204);
    now += 60_000;
    const again = await register('versions', { type: 'integer', maximum: 3 });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ version: 3 });
  });

  it('refuses the registrations of a key past its minute with 429 naming the limit, and no other key', async () => {
    now += 60_000;
    const before = await throttles(t);
    for (let i = 0; i < 3; i++)
      expect((await register(`minute-${i}`, { type: 'string' }, 'write')).status).toBe(201);
    const refused = await register('minute-3', { type: 'string' }, 'write');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('ratelimit-policy')).toBe('"registrations";q=3;w=60');
    expect(refused.headers.get('ratelimit')).toBe('"registrations";r=0;t=20');
    const problem = (await refused.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 20 });
    expect(problem.detail).toContain('registrationsPerMinute');
    expect(await throttles(t)).toBe(before + 1);
    // the admin key has its own minute
    expect((await register('minute-admin', { type: 'string' }, 'admin')).status).toBe(201);
    // reads are not registrations
    expect((await t.call('GET', '/v1/registries/limits/schemas', { key: 'write' })).status).toBe(200);
    now += 20_000;
    expect((await register('minute-3', { type: 'string' }, 'write')).status).toBe(201);
  });

  it('publishes the limits in /v1/quotas', async () => {
    const quotas = (await (await t.call('GET', '/v1/quotas', { key: 'read' })).json()) as Record<
      string,
      unknown
    >;
    expect(quotas.registration).toEqual({ maxSchemaBytes: 2048, maxVersionsPerSchema: 2, perMinute: 3 });
  });
});

async function throttles(t: TestApp): Promise<number> {
  const text = await (await t.call('GET', '/metrics')).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('schemagate_throttled_requests_total{reason="registration_limit"}'));
  return Number(line?.split(' ').at(-1));
}
