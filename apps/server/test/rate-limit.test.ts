/**
 * Per-key rate limits over HTTP: a key past its bucket is answered 429 with Retry-After and the RateLimit fields,
 * a key's own limits replace the defaults, one key's excess leaves the others alone, /v1/quotas shows each key
 * its own bucket, and throttles are counted.
 */
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { defaultRateLimit } from '../src/rate-limit/server-limits.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** A clock the buckets read; tests move it by hand, so nothing depends on how fast the machine is. */
function manualClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

describe('default rate limits', () => {
  it('are 1000 a second with two seconds of burst, off at 0, and the burst follows the rate unless set', () => {
    expect(defaultRateLimit(parseConfig({}))).toEqual({ perSecond: 1000, burst: 2000 });
    expect(defaultRateLimit(parseConfig({ SCHEMAGATE_RATE_LIMIT: '0' }))).toBeNull();
    expect(defaultRateLimit(parseConfig({ SCHEMAGATE_RATE_LIMIT: '0.5' }))).toEqual({
      perSecond: 0.5,
      burst: 1,
    });
    expect(
      defaultRateLimit(parseConfig({ SCHEMAGATE_RATE_LIMIT: '50', SCHEMAGATE_RATE_BURST: '5' })),
    ).toEqual({
      perSecond: 50,
      burst: 5,
    });
    expect(() => parseConfig({ SCHEMAGATE_RATE_LIMIT: '-1' })).toThrow(/SCHEMAGATE_RATE_LIMIT/);
    expect(() => parseConfig({ SCHEMAGATE_RATE_BURST: '0' })).toThrow(/SCHEMAGATE_RATE_BURST/);
  });
});

describe.each(eachDatabase())('rate limits per key ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;
  const clock = manualClock();
  /** An admin key of its own, unlimited enough that setting tests up never meets the small defaults. */
  let adminKey: string;
  const admin = (method: string, path: string, json?: unknown) =>
    t.app.request(path, {
      method,
      headers: bearer(adminKey),
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(
      handle,
      { SCHEMAGATE_RATE_LIMIT: '2', SCHEMAGATE_RATE_BURST: '3', SCHEMAGATE_AUTH: 'on' },
      { monotonicNow: clock.now },
    );
    const res = await t.call('POST', '/v1/keys', {
      json: { scope: 'admin', name: 'test setup', rateLimit: { perSecond: 1e6, burst: 1e6 } },
    });
    adminKey = ((await res.json()) as { key: string }).key;
    await admin('POST', '/v1/registries/r/schemas/n/versions', { schema: { type: 'integer' } });
  });
  afterAll(() => t.close());

  const validateWith = (key: string) =>
    t.app.request('/v1/validate', {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ registry: 'r', schema: 'n', event: 1 }),
    });

  const createKey = async (body: Record<string, unknown>) => {
    const res = await admin('POST', '/v1/keys', body);
    expect(res.status).toBe(201);
    return ((await res.json()) as { key: string }).key;
  };

  it('answers 429 past the burst with Retry-After and the RateLimit fields, then lets the key in once refilled', async () => {
    clock.advance(60_000);
    const key = await createKey({ scope: 'validate', name: 'burst test' });
    for (let i = 0; i < 3; i++) expect((await validateWith(key)).status).toBe(200);
    const refused = await validateWith(key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    // one token comes back in 0.5 s: Retry-After is that, rounded up to whole seconds
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-policy')).toBe('"default";q=4;w=2');
    expect(refused.headers.get('ratelimit')).toBe('"default";r=0;t=1');
    expect(await refused.json()).toMatchObject({
      code: 'rate_limited',
      status: 429,
      limit: { perSecond: 2, burst: 3 },
      retryAfterSeconds: 1,
    });
    clock.advance(499);
    expect((await validateWith(key)).status).toBe(429);
    clock.advance(1);
    expect((await validateWith(key)).status).toBe(200);
    expect((await validateWith(key)).status).toBe(429);
  });

  it("never slows one key for another's excess", async () => {
    clock.advance(60_000);
    const noisy = await createKey({ scope: 'validate', name: 'noisy' });
    const quiet = await createKey({ scope: 'validate', name: 'quiet' });
    let refused = 0;
    for (let i = 0; i < 20; i++) if ((await validateWith(noisy)).status === 429) refused++;
    expect(refused).toBe(17);
    for (let i = 0; i < 3; i++) expect((await validateWith(quiet)).status).toBe(200);
  });

  it("takes a key's own limits over the defaults", async () => {
    clock.advance(60_000);
    const generous = await createKey({ scope: 'validate', rateLimit: { perSecond: 100, burst: 10 } });
    for (let i = 0; i < 10; i++) expect((await validateWith(generous)).status).toBe(200);
    const refused = await validateWith(generous);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toBe('"default";q=100;w=1');
    expect(refused.headers.get('retry-after')).toBe('1');
    clock.advance(10);
    expect((await validateWith(generous)).status).toBe(200);

    const slow = await createKey({ scope: 'validate', rateLimit: { perSecond: 0.1, burst: 1 } });
    expect((await validateWith(slow)).status).toBe(200);
    const wait = await validateWith(slow);
    expect(wait.headers.get('retry-after')).toBe('10');
    expect(wait.headers.get('ratelimit-policy')).toBe('"default";q=1;w=10');
  });

  it('limits every route a key calls, not only validation, and counts each refusal', async () => {
    clock.advance(60_000);
    const reader = await createKey({ scope: 'read' });
    const read = () => t.app.request('/v1/registries', { headers: bearer(reader) });
    const before = await throttled(admin, 'rate_limit');
    for (let i = 0; i < 3; i++) expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(429);
    expect((await read()).status).toBe(429);
    expect(await throttled(admin, 'rate_limit')).toBe(before + 2);
  });

  it('shows each key its own bucket in /v1/quotas', async () => {
    clock.advance(60_000);
    const own = await createKey({ scope: 'read', rateLimit: { perSecond: 5, burst: 7 } });
    const quotas = async (key: string) =>
      (await (await t.app.request('/v1/quotas', { headers: bearer(key) })).json()) as Record<string, unknown>;
    expect((await quotas(own)).rateLimit).toEqual({
      source: 'key',
      perSecond: 5,
      burst: 7,
      remaining: 6,
      policy: '"default";q=10;w=2',
      perReplica: true,
    });
    const byDefault = await createKey({ scope: 'read' });
    expect((await quotas(byDefault)).rateLimit).toMatchObject({
      source: 'default',
      perSecond: 2,
      burst: 3,
      remaining: 2,
    });
  });
});

describe.each(eachDatabase())('without auth ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle, {
      SCHEMAGATE_AUTH: 'off',
      SCHEMAGATE_RATE_LIMIT: '1',
      SCHEMAGATE_RATE_BURST: '1',
    });
  });
  afterAll(() => t.close());

  it('limits nobody: every caller is the same admin, and one bucket would throttle them all together', async () => {
    for (let i = 0; i < 5; i++)
      expect((await t.call('GET', '/v1/registries', { key: null })).status).toBe(200);
    const quotas = (await (await t.call('GET', '/v1/quotas', { key: null })).json()) as Record<
      string,
      unknown
    >;
    expect(quotas.rateLimit).toMatchObject({ source: 'off', perSecond: null });
    // every caller is one admin without a key
    expect(quotas.key).toEqual({ id: null, scope: 'admin', registries: null });
  });
});

/** The `schemagate_throttled_requests_total` count of a reason. */
async function throttled(
  admin: (method: string, path: string) => Response | Promise<Response>,
  reason: string,
) {
  const text = await (await admin('GET', '/metrics')).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`schemagate_throttled_requests_total{reason="${reason}"}`));
  return Number(line?.split(' ').at(-1));
}
