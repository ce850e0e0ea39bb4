import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLink } from '../src/sync/eventbridge-link.ts';
import { createSyncFixture, draft04Schema, type SyncFixture } from './sync-fixture.ts';

function snapshot(fx: SyncFixture) {
  const store = fx.emulator.state.store;
  const remote = [...store.registries.values()].map((r) => [
    r.name,
    [...r.schemas.values()].map((s) => [s.name, s.versions.map((v) => v.content)]),
  ]);
  return JSON.stringify({
    remote,
    local: [...fx.port.registries.entries()].map(([n, m]) => [n, [...m.entries()]]),
  });
}

describe('two-way sync', () => {
  let fx: SyncFixture;
  beforeEach(async () => {
    fx = await createSyncFixture();
    await fx.port.ensureRegistry('shop');
  });
  afterEach(async () => {
    await fx.close();
  });

  it('pulls what only EventBridge has and pushes what only schemagate has, in one run', async () => {
    fx.emulator.state.store.seedVersion(
      'shop',
      'FromAws',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('FromAws', 1)),
    );
    await fx.port.register('shop', 'FromUs', {
      format: 'jsonschema',
      schema: draft04Schema('FromUs', 1),
      metadata: {},
    });

    const result = await fx.sync({ registry: 'shop', direction: 'both' });
    expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0, conflicts: [], errors: [] });
    expect(fx.emulator.state.store.getVersion('shop', 'FromUs').version).toBe('1');
    expect((await fx.port.listVersions('shop', 'FromAws')).map((v) => readLink(v)?.origin)).toEqual(['pull']);

    const again = await fx.sync({ registry: 'shop', direction: 'both' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reports a schema changed on both sides since the last sync as a conflict and overwrites neither', async () => {
    await fx.port.register('shop', 'OrderPlaced', {
      format: 'jsonschema',
      schema: draft04Schema('OrderPlaced', 1),
      metadata: {},
    });
    await fx.sync({ registry: 'shop', direction: 'both' });
    await fx.port.register('shop', 'OrderPlaced', {
      format: 'jsonschema',
      schema: draft04Schema('OrderPlaced', 2),
      metadata: {},
    });
    fx.emulator.state.store.seedVersion(
      'shop',
      'OrderPlaced',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('OrderPlaced', 3)),
    );
    const before = snapshot(fx);

    for (const direction of ['both', 'pull', 'push'] as const) {
      const result = await fx.sync({ registry: 'shop', direction });
      expect(result.conflicts).toEqual([
        {
          schema: 'OrderPlaced',
          localVersions: [2],
          eventbridgeVersions: ['2'],
          reason: expect.stringContaining('both sides changed since the last sync'),
        },
      ]);
      expect(result.created + result.updated).toBe(0);
    }
    expect(snapshot(fx)).toBe(before);
  });

  it('dry run returns the plan and changes nothing on either side', async () => {
    fx.emulator.state.store.seedVersion(
      'shop',
      'FromAws',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('FromAws', 1)),
    );
    fx.emulator.state.store.seedVersion(
      'shop',
      'FromAws',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('FromAws', 2)),
    );
    await fx.port.register('shop', 'FromUs', {
      format: 'jsonschema',
      schema: draft04Schema('FromUs', 1),
      metadata: {},
    });
    await fx.port.register('shop', 'Refused', {
      format: 'jsonschema',
      schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', propertyNames: { maxLength: 3 } },
      metadata: {},
    });
    const before = snapshot(fx);
    fx.emulator.state.resetCalls();

    const result = await fx.sync({ registry: 'shop', direction: 'both', dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.actions).toEqual([
      { schema: 'FromAws', direction: 'pull', kind: 'create', eventbridgeVersion: '1', status: 'planned' },
      { schema: 'FromAws', direction: 'pull', kind: 'create', eventbridgeVersion: '2', status: 'planned' },
      { schema: 'FromUs', direction: 'push', kind: 'create', localVersion: 1, status: 'planned' },
    ]);
    expect(result.refused.map((r) => r.schema)).toEqual(['Refused']);
    expect(result.created).toBe(3);
    expect(snapshot(fx)).toBe(before);
    for (const write of ['CreateSchema', 'UpdateSchema', 'CreateRegistry', 'DescribeSchema']) {
      expect(fx.emulator.state.callCount(write)).toBe(0);
    }
    expect(fx.port.callCount('register') + fx.port.callCount('updateMetadata')).toBe(2); // the two setup registrations
  });
});
