/**
 * Load shedding: while the event loop lags past SCHEMAGATE_SHED_LAG_MS, validation answers 503 `overloaded` with
 * Retry-After at once, `/readyz` reports the overload so a load balancer moves traffic away, the other routes keep
 * answering, and each shed request is counted. The lag is injected, and then induced for real with a busy loop.
 */
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventLoopLagMonitor } from '../src/metrics/event-loop.ts';
import { startTestApp, type TestApp } from './harness.ts';

describe.each(eachDatabase())('load shedding ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;
  let lagSeconds = 0;

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle, { SCHEMAGATE_SHED_LAG_MS: '200' }, { eventLoopLag: () => lagSeconds });
    await t.call('POST', '/v1/registries/r/schemas/n/versions', { json: { schema: { type: 'integer' } } });
  });
  afterAll(() => t.close());

  const validate = () => t.call('POST', '/v1/validate', { json: { registry: 'r', schema: 'n', event: 1 } });
  const batch = () =>
    t.call('POST', '/v1/validate/batch', { json: { registry: 'r', schema: 'n', events: [1, 2] } });

  it('sheds validation and fails /readyz past the threshold, and recovers once the lag is back under it', async () => {
    lagSeconds = 0.19;
    expect((await validate()).status).toBe(200);
    expect((await t.call('GET', '/readyz', { key: null })).status).toBe(200);

    lagSeconds = 1.4;
    const before = await overloads(t);
    for (const send of [validate, batch]) {
      const res = await send();
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('2');
      const problem = (await res.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ code: 'overloaded', lagMs: 1400, thresholdMs: 200 });
      expect(problem.detail).toContain('SCHEMAGATE_SHED_LAG_MS');
    }
    // shed before the key is even looked at: no work is spent on a request that is refused anyway
    const keyless = await t.call('POST', '/v1/validate', { key: null, json: { event: 1 } });
    expect(keyless.status).toBe(503);

    const ready = await t.call('GET', '/readyz', { key: null });
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('2');
    expect(await ready.json()).toMatchObject({
      code: 'overloaded',
      detail: expect.stringContaining('1400 ms'),
    });

    // the registry, health and metrics keep answering: they are not the traffic that overloads a gate
    expect((await t.call('GET', '/v1/registries/r/schemas/n/versions/latest')).status).toBe(200);
    expect((await t.call('GET', '/healthz', { key: null })).status).toBe(200);
    expect(await overloads(t)).toBe(before + 3);

    lagSeconds = 0.05;
    expect((await validate()).status).toBe(200);
    expect((await batch()).status).toBe(200);
    expect((await t.call('GET', '/readyz', { key: null })).status).toBe(200);
  });

  it('asks for at least a second and at most ten', async () => {
    lagSeconds = 0.25;
    expect((await validate()).headers.get('retry-after')).toBe('1');
    lagSeconds = 60;
    expect((await validate()).headers.get('retry-after')).toBe('10');
    lagSeconds = 0;
  });

  it('publishes the threshold in /v1/quotas', async () => {
    const quotas = (await (await t.call('GET', '/v1/quotas', { key: 'read' })).json()) as Record<
      string,
      unknown
    >;
    expect(quotas.shedding).toEqual({ lagMs: 200 });
  });
});

describe.each(eachDatabase())('load shedding under a real lag ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;
  const monitor = createEventLoopLagMonitor();

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(
      handle,
      { SCHEMAGATE_SHED_LAG_MS: '300' },
      { eventLoopLag: () => monitor.lagSeconds() },
    );
    await t.call('POST', '/v1/registries/r/schemas/n/versions', { json: { schema: { type: 'integer' } } });
  });
  afterAll(async () => {
    monitor.stop();
    await t.close();
  });

  it('sheds requests that queued behind a blocked loop, and takes them again once it runs freely', async () => {
    const validate = () =>
      t
        .call('POST', '/v1/validate', { json: { registry: 'r', schema: 'n', event: 1 } })
        .then((r) => r.status);
    // a busy loop holds the thread for 800 ms, as a runaway computation would
    await new Promise((resolve) => setTimeout(resolve, 20));
    const until = performance.now() + 800;
    while (performance.now() < until);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await validate()).toBe(503);
    expect((await t.call('GET', '/readyz', { key: null })).status).toBe(503);
    // the monitor's reading covers one to two windows of a second: afterwards the loop is measured free again
    await expect.poll(validate, { timeout: 10_000, interval: 200 }).toBe(200);
    expect((await t.call('GET', '/readyz', { key: null })).status).toBe(200);
  });
});

async function overloads(t: TestApp): Promise<number> {
  const text = await (await t.call('GET', '/metrics')).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('schemagate_throttled_requests_total{reason="overload"}'));
  return Number(line?.split(' ').at(-1));
}
