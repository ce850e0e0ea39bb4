import { describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { jitteredBackoff, parseRetryAfter } from './retry-policy.ts';
import { SchemagateError } from './schemagate-error.ts';
import { createFakeRegistry } from './test/fake-registry.ts';

function setup(options: { retries?: number; maxRetryDelayMs?: number; now?: () => number } = {}) {
  const fake = createFakeRegistry();
  const waits: number[] = [];
  const client = createClient({
    url: 'http://registry.test',
    fetch: (input, init) => Promise.resolve(fake.app.fetch(new Request(input, init))),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    retryBaseDelayMs: 100,
    ...options,
  });
  return { fake, client, waits };
}

describe('retries on 429 and 503', () => {
  it('waits the seconds a Retry-After asks, then succeeds', async () => {
    const { fake, client, waits } = setup();
    fake.failNext(503, { 'retry-after': '2' });
    fake.failNext(429, { 'retry-after': '0' });
    expect((await client.listRegistries()).items).toEqual([]);
    expect(waits).toEqual([2000, 0]);
    expect(fake.requests).toHaveLength(3);
  });

  it('reads a Retry-After given as an HTTP date against the injected clock', async () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    const { fake, client, waits } = setup({ now: () => now });
    fake.failNext(503, { 'retry-after': 'Fri, 20 Nov 2026 10:00:05 GMT' });
    await client.getQuotas();
    expect(waits).toEqual([5000]);
  });

  it('backs off exponentially with jitter when the server gives no Retry-After', async () => {
    const { fake, client, waits } = setup();
    fake.failNext(429);
    fake.failNext(429);
    fake.failNext(503);
    await client.listRegistries();
    // random() is 0.5: half of 100, 200, 400
    expect(waits).toEqual([50, 100, 200]);
  });

  it('gives up after the configured number of retries with the last error', async () => {
    const { fake, client, waits } = setup({ retries: 2 });
    for (let i = 0; i < 5; i++) fake.failNext(429);
    const error = await client.listRegistries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemagateError);
    expect((error as SchemagateError).status).toBe(429);
    expect(fake.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('fails at once when Retry-After is longer than the longest wait it accepts', async () => {
    const { fake, client, waits } = setup({ maxRetryDelayMs: 10_000 });
    fake.failNext(503, { 'retry-after': '3600' });
    const error = (await client.listRegistries().catch((e: unknown) => e)) as SchemagateError;
    expect(error.status).toBe(503);
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('does not retry other errors', async () => {
    const { fake, client } = setup();
    await client.getRegistry('missing').catch(() => undefined);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('failures without a problem document', () => {
  it('turns a hung request into a timeout error', async () => {
    const client = createClient({
      url: 'http://registry.test',
      timeoutMs: 30,
      fetch: (_input, init) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    const error = (await client.listRegistries().catch((e: unknown) => e)) as SchemagateError;
    expect(error).toBeInstanceOf(SchemagateError);
    expect(error.code).toBe('timeout');
    expect(error.status).toBe(0);
  });

  it('turns a refused connection into a network error', async () => {
    const client = createClient({
      url: 'http://registry.test',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const error = (await client.listRegistries().catch((e: unknown) => e)) as SchemagateError;
    expect(error.code).toBe('network_error');
    expect(error.message).toContain('fetch failed');
  });

  it('keeps the text of a non-problem error answer', async () => {
    const client = createClient({
      url: 'http://registry.test',
      fetch: async () => new Response('upstream connect error', { status: 502, statusText: 'Bad Gateway' }),
    });
    const error = (await client.listRegistries().catch((e: unknown) => e)) as SchemagateError;
    expect(error).toMatchObject({ status: 502, code: 'http_502' });
    expect(error.problem.detail).toBe('upstream connect error');
  });

  it('passes a caller abort through instead of wrapping it', async () => {
    const controller = new AbortController();
    const client = createClient({
      url: 'http://registry.test',
      fetch: (_input, init) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    const pending = client.listRegistries({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('user cancelled'));
    expect(((await pending) as Error).message).toBe('user cancelled');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-20T10:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 7 ', 7000],
    ['Fri, 20 Nov 2026 10:01:00 GMT', 60_000],
    ['Fri, 20 Nov 2026 09:00:00 GMT', 0],
  ])('reads %j as %d ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
  it.each([[null], ['soon'], ['-5'], ['1.5']])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('jitteredBackoff', () => {
  it('stays within [0, min(max, base * 2^attempt))', () => {
    const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(jitteredBackoff(0, policy, () => 0.999)).toBe(99);
    expect(jitteredBackoff(3, policy, () => 0.999)).toBe(799);
    expect(jitteredBackoff(10, policy, () => 0.999)).toBe(999);
    expect(jitteredBackoff(10, policy, () => 0)).toBe(0);
  });
});
