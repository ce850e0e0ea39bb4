/**
 * A batch reuses the view its previous event was checked against while it keeps the event loop: each event is still
 * judged against its own version, and a write that lands while the batch lets other requests in is seen by the
 * events after it.
 */
import { ValidatorCache } from '@schemagate/core';
import type { StoredVersion } from '@schemagate/db';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createMetrics } from '../src/metrics/index.ts';
import { workBudgetOf } from '../src/services/budget.ts';
import { SERVER_COMPATIBILITY_LIMITS } from '../src/services/registry-service.ts';
import { RouteIndex } from '../src/services/route-index.ts';
import { ValidationService } from '../src/services/validation-service.ts';
import { VersionViews } from '../src/services/version-views.ts';

/** Version n of shop/orders takes an `amount` of type `types[n - 1]`. */
function service(types: string[]) {
  const stored = (version: number): StoredVersion => ({
    registry: 'shop',
    name: 'orders',
    version,
    format: 'jsonschema',
    dialect: '2020-12',
    state: 'active',
    fingerprint: `orders-${version}-${types[version - 1]}`,
    schemaUri: null,
    content: {
      type: 'object',
      properties: { amount: { type: types[version - 1] } },
      required: ['amount'],
    },
    metadata: {},
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
  const views = new VersionViews({
    loadVersion: async (_registry, _name, version) => (version <= types.length ? stored(version) : undefined),
    loadPointers: async () => ({ latest: types.length, usable: types.length }),
    loadReferences: async () => [],
  });
  const routes = new RouteIndex(async () => [
    { registry: 'shop', name: 'orders', source: 'shop', detailType: 'OrderPlaced' },
  ]);
  const config = parseConfig({});
  const validation = new ValidationService({
    views,
    routes,
    cache: new ValidatorCache({ max: 100 }),
    metrics: createMetrics(),
    quotas: {
      maxBodyBytes: config.SCHEMAGATE_MAX_BODY_BYTES,
      maxDepth: config.SCHEMAGATE_MAX_DEPTH,
      batch: { maxEvents: 100_000, maxBytes: config.SCHEMAGATE_BATCH_MAX_BYTES },
      limits: {
        ...workBudgetOf(config),
        compatibility: { ...SERVER_COMPATIBILITY_LIMITS, hardLimitMs: 1000 },
        pool: { size: 1, maxQueue: 1, taskTimeoutMs: 1000, queueTimeoutMs: 1000, maxHeapMb: 64 },
      },
    },
  });
  return { validation, views };
}

const order = (amount: unknown) => ({ source: 'shop', 'detail-type': 'OrderPlaced', amount });

describe('ValidationService.validateMany', () => {
  it('judges each entry against the version it names, however the entries alternate', async () => {
    const { validation } = service(['string', 'number']);
    const targets = [1, 2, 2, 1, 'latest', 1].map((version) => ({ version: version as number | 'latest' }));
    const events = [order('7'), order('7'), order(7), order(7), order(7), order('7')];
    const results = await validation.validateMany(events, targets);
    expect(results.map((r) => [r.version, r.valid])).toEqual([
      [1, true],
      [2, false],
      [2, true],
      [1, false],
      [2, true],
      [1, true],
    ]);
  });

  it('sees a version registered while the batch let other requests in', async () => {
    const types = ['string'];
    const { validation, views } = service(types);
    // enough events that the batch gives the event loop away (every 10 ms) several times
    const events = Array.from({ length: 60_000 }, () => order(7));
    let changed = false;
    const started = validation.validateMany(events, {});
    // runs at the batch's first turn given away: a second version, and the write's invalidation
    setImmediate(() => {
      types.push('number');
      views.invalidate('shop', 'orders');
      changed = true;
    });
    const results = await started;
    expect(changed).toBe(true);
    const first = results.findIndex((r) => r.version === 2);
    expect(first).toBeGreaterThan(0);
    expect(results.slice(0, first).every((r) => r.version === 1 && !r.valid)).toBe(true);
    expect(results.slice(first).every((r) => r.version === 2 && r.valid)).toBe(true);
  });
});
