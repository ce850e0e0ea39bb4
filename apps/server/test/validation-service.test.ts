/**
 * The validation service on its own, over in-memory versions. A batch reuses the view its previous event was checked
 * against while it keeps the event loop: each event is still judged against its own version, and a write that lands
 * while the batch lets other requests in is seen by the events after it. A version compiled without its patterns'
 * second opinions (a server restarted with second opinions deferred) is compiled again once they are recorded.
 */
import {
  compilePattern,
  deferSecondOpinions,
  needsSecondOpinion,
  recordSecondOpinion,
  ValidatorCache,
} from '@schemagate/core';
import type { StoredVersion } from '@schemagate/db';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createMetrics } from '../src/metrics/index.ts';
import { workBudgetOf } from '../src/services/budget.ts';
import { SERVER_COMPATIBILITY_LIMITS } from '../src/services/registry-service.ts';
import { RouteIndex } from '../src/services/route-index.ts';
import { type SecondOpinions, ValidationService } from '../src/services/validation-service.ts';
import { VersionViews } from '../src/services/version-views.ts';

// as `schemagate serve` runs (this file's module state is its own): a pattern without a verdict runs on re2js
deferSecondOpinions(true);

/** Version n of shop/orders takes an `amount` of type `types[n - 1]` (matching `pattern`, if given). */
function service(types: string[], options: { pattern?: string; secondOpinions?: SecondOpinions } = {}) {
  const amount = (version: number) => ({
    type: types[version - 1],
    ...(options.pattern ? { pattern: options.pattern } : {}),
  });
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
      properties: { amount: amount(version) },
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
  const metrics = createMetrics();
  const validation = new ValidationService({
    views,
    routes,
    cache: new ValidatorCache({ max: 100 }),
    metrics,
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
    ...(options.secondOpinions ? { secondOpinions: options.secondOpinions } : {}),
  });
  return { validation, views, metrics };
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

describe('ValidationService compiles', () => {
  it('a version again once the second opinions its first compile lacked are recorded, and then no more', async () => {
    // a pattern only the second opinion can let run natively, as the AWS region one
    const pattern = '^[a-z]{2}(-[a-z]+)+-[0-9]$';
    const asked: unknown[] = [];
    let answer: () => void = () => {};
    const secondOpinions: SecondOpinions = (input) => {
      asked.push(input.schema);
      // as the registry service: a pattern with a recorded verdict is not asked about again
      if (!needsSecondOpinion(pattern, 'u')) return Promise.resolve(false);
      // the pool works the verdict out while events go on being validated
      return new Promise((resolve) => {
        answer = () => {
          recordSecondOpinion(pattern, 'u', true);
          resolve(true);
        };
      });
    };
    const { validation, metrics } = service(['string'], { pattern, secondOpinions });
    const compiles = async () => (await metrics.validatorCompiles.get()).values[0]?.value ?? 0;
    const region = (amount: string) => validation.validateOne(order(amount), {});
    expect(await region('eu-west-1')).toMatchObject({ valid: true, version: 1 });
    expect(compilePattern(pattern, 'u')).not.toBeInstanceOf(RegExp);
    expect(await region('eu-west')).toMatchObject({ valid: false });
    expect(await compiles()).toBe(1);
    expect(asked).toHaveLength(1);
    answer();
    await new Promise((resolve) => setImmediate(resolve));
    // the same verdicts, now from a compile whose pattern runs natively
    expect(await region('eu-west-1')).toMatchObject({ valid: true, version: 1 });
    expect(await region('eu-west')).toMatchObject({ valid: false });
    expect(compilePattern(pattern, 'u')).toBeInstanceOf(RegExp);
    expect(await compiles()).toBe(2);
    // the second compile's pattern has its verdict: asking again records nothing, so nothing compiles again
    expect(asked).toHaveLength(2);
    await new Promise((resolve) => setImmediate(resolve));
    await region('us-east-2');
    expect(await compiles()).toBe(2);
  });
});
