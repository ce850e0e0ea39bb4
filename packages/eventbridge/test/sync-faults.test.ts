import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLink } from '../src/sync/eventbridge-link.ts';
import { createSyncFixture, draft04Schema, type SyncFixture } from './sync-fixture.ts';

function seedRemote(fx: SyncFixture, schemas: number, versions: number) {
  for (let s = 0; s < schemas; s++) {
    for (let v = 1; v <= versions; v++) {
      fx.emulator.state.store.seedVersion(
        'shop',
        `S${s}`,
        'JSONSchemaDraft4',
        JSON.stringify(draft04Schema(`S${s}`, v)),
      );
    }
  }
}

async function seedLocal(fx: SyncFixture, schemas: number, versions: number) {
  await fx.port.ensureRegistry('shop');
  for (let s = 0; s < schemas; s++) {
    for (let v = 1; v <= versions; v++) {
      await fx.port.register('shop', `S${s}`, {
        format: 'jsonschema',
        schema: draft04Schema(`S${s}`, v),
        metadata: {},
      });
    }
  }
}

describe('sync under faults', () => {
  let fx: SyncFixture;
  beforeEach(async () => {
    fx = await createSyncFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('retries throttled and 5xx calls with full-jitter backoff and finishes the job', async () => {
    seedRemote(fx, 20, 2);
    fx.emulator.inject.schemas.throttleNext(4);
    fx.emulator.inject.schemas.failNext(2, 'ServiceUnavailableException', { operations: ['DescribeSchema'] });
    const result = await fx.sync({
      registry: 'shop',
      direction: 'pull',
      concurrency: 1,
      retry: { ...fx.retry, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 },
    });
    expect(result.errors).toEqual([]);
    expect(result.created).toBe(40);
    expect(result.retries).toBe(6);
    // The first 4 calls are throttled in a row (one call retried 4 times), then 2 DescribeSchema failures.
    expect(fx.delays).toEqual([99, 199, 399, 799, 99, 199]);
  });

  it('gives up after the configured attempts and reports the schema as an error, the rest still sync', async () => {
    seedRemote(fx, 3, 1);
    fx.emulator.inject.schemas.throttleNext(3, { operations: ['ListSchemaVersions'] });
    const result = await fx.sync({
      registry: 'shop',
      direction: 'pull',
      concurrency: 1,
      retry: { ...fx.retry, maxAttempts: 3 },
    });
    expect(result.errors).toEqual([
      { schema: 'S0', message: expect.stringContaining('TooManyRequestsException') },
    ]);
    expect(result.created).toBe(2);
    expect(fx.delays).toHaveLength(2);
  });

  it('resumes a pull that failed halfway without duplicating anything', async () => {
    seedRemote(fx, 30, 3);
    fx.emulator.inject.schemas.failAfter(50);
    const broken = await fx.sync({
      registry: 'shop',
      direction: 'pull',
      retry: { ...fx.retry, maxAttempts: 2 },
    });
    expect(broken.errors.length).toBeGreaterThan(0);
    expect(broken.created).toBeGreaterThan(0);
    expect(broken.created).toBeLessThan(90);

    fx.emulator.inject.schemas.clear();
    fx.emulator.state.resetCalls();
    const resumed = await fx.sync({ registry: 'shop', direction: 'pull' });
    expect(resumed.errors).toEqual([]);
    expect(broken.created + resumed.created + resumed.updated).toBe(90);
    expect(fx.emulator.state.callCount('DescribeSchema')).toBe(90 - broken.created);
    for (let s = 0; s < 30; s++) {
      const versions = await fx.port.listVersions('shop', `S${s}`);
      expect(versions.map((v) => readLink(v)?.versions)).toEqual([['1'], ['2'], ['3']]);
    }
  });

  it('resumes a push that failed halfway without creating a second EventBridge version', async () => {
    await seedLocal(fx, 10, 3);
    fx.emulator.inject.schemas.failAfter(14, 'InternalServerErrorException', {
      operations: ['CreateSchema', 'UpdateSchema'],
    });
    const broken = await fx.sync({
      registry: 'shop',
      direction: 'push',
      retry: { ...fx.retry, maxAttempts: 2 },
    });
    expect(broken.errors.length).toBeGreaterThan(0);
    expect(broken.created + broken.updated).toBe(14);

    fx.emulator.inject.schemas.clear();
    const resumed = await fx.sync({ registry: 'shop', direction: 'push' });
    expect(resumed.errors).toEqual([]);
    expect(broken.created + broken.updated + resumed.created + resumed.updated).toBe(30);
    for (let s = 0; s < 10; s++) {
      const remote = fx.emulator.state.store.getSchema('shop', `S${s}`);
      expect(remote.versions.map((v) => JSON.parse(v.content).properties)).toEqual(
        [1, 2, 3].map((v) => draft04Schema(`S${s}`, v).properties),
      );
    }
  });

  it('reports a target registry it may not create once for the run, not once per schema', async () => {
    await seedLocal(fx, 5, 1);
    fx.emulator.inject.schemas.failNext(1, 'ForbiddenException', { operations: ['CreateRegistry'] });
    const denied = await fx.sync({ registry: 'shop', direction: 'push' });
    expect(denied.errors).toEqual([
      { message: expect.stringMatching(/^EventBridge: cannot create registry shop: ForbiddenException/) },
    ]);
    expect(denied.created).toBe(0);
    const allowed = await fx.sync({ registry: 'shop', direction: 'push' });
    expect(allowed).toMatchObject({ created: 5, errors: [] });

    fx.port.ensureRegistry = async () => {
      throw new Error('Forbidden: the key lacks the admin scope');
    };
    fx.emulator.state.store.seedVersion('other', 'X', 'JSONSchemaDraft4', '{}');
    fx.emulator.state.store.seedVersion('other', 'Y', 'JSONSchemaDraft4', '{}');
    const pulled = await fx.sync({ registry: 'other', direction: 'pull' });
    expect(pulled.errors).toEqual([
      { message: 'schemagate: cannot create registry other: Forbidden: the key lacks the admin scope' },
    ]);
  });

  it('does not duplicate a version whose link was lost after EventBridge accepted it', async () => {
    await seedLocal(fx, 1, 2);
    await fx.sync({ registry: 'shop', direction: 'push' });
    await fx.port.register('shop', 'S0', {
      format: 'jsonschema',
      schema: draft04Schema('S0', 3),
      metadata: {},
    });
    // schemagate goes away right after EventBridge accepted version 3: the link is never written.
    const realUpdate = fx.port.updateMetadata.bind(fx.port);
    fx.port.updateMetadata = async () => {
      throw new Error('schemagate unavailable');
    };
    const broken = await fx.sync({ registry: 'shop', direction: 'both' });
    expect(broken.errors).toEqual([{ schema: 'S0', message: 'schemagate unavailable' }]);
    expect(fx.emulator.state.store.getSchema('shop', 'S0').versions).toHaveLength(3);
    fx.port.updateMetadata = realUpdate;

    const resumed = await fx.sync({ registry: 'shop', direction: 'both' });
    expect(resumed).toMatchObject({ errors: [], conflicts: [], created: 0, updated: 0 });
    expect(fx.emulator.state.store.getSchema('shop', 'S0').versions).toHaveLength(3);
    const local = await fx.port.listVersions('shop', 'S0');
    expect(local.map((v) => readLink(v)?.version)).toEqual(['1', '2', '3']);
  });
});
