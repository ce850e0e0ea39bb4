import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLink } from '../src/sync/eventbridge-link.ts';
import { createSyncFixture, draft04Schema, type SyncFixture } from './sync-fixture.ts';

const draft2020 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['orderId', 'total'],
  properties: {
    orderId: { type: 'string' },
    kind: { const: 'order' },
    total: { type: 'number', exclusiveMinimum: 0 },
    customer: { $ref: '#/$defs/customer' },
  },
  $defs: { customer: { type: 'object', properties: { id: { type: 'string' } } } },
};

const openApi = {
  openapi: '3.0.0',
  info: { title: 'OrderShipped', version: '1.0.0' },
  paths: {},
  components: { schemas: { AWSEvent: { type: 'object', properties: { detail: { type: 'object' } } } } },
};

describe('push to EventBridge', () => {
  let fx: SyncFixture;
  beforeEach(async () => {
    fx = await createSyncFixture();
    await fx.port.ensureRegistry('shop');
  });
  afterEach(async () => {
    await fx.close();
  });

  it('creates schemas, converts 2020-12 to draft-04, refuses what cannot go, and links what went', async () => {
    await fx.port.register('shop', 'OrderPlaced', { format: 'jsonschema', schema: draft2020, metadata: {} });
    await fx.port.register('shop', 'OrderShipped', {
      format: 'openapi3',
      schema: openApi,
      metadata: { owner: 'team-a' },
    });
    await fx.port.register('shop', 'Legacy', {
      format: 'jsonschema',
      schema: draft04Schema('Legacy', 1),
      metadata: {},
    });
    await fx.port.register('shop', 'Tagged', {
      format: 'jsonschema',
      schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', contains: { const: 'x' } },
      metadata: {},
    });
    const huge = {
      type: 'object',
      description: 'x'.repeat(100_001),
      $schema: 'http://json-schema.org/draft-04/schema#',
    };
    await fx.port.register('shop', 'Huge', { format: 'jsonschema', schema: huge, metadata: {} });

    const result = await fx.sync({ registry: 'shop', direction: 'push' });
    expect(result.errors).toEqual([]);
    expect(result.created).toBe(3);
    expect(result.refused).toHaveLength(2);
    expect(result.refused.find((r) => r.schema === 'Tagged')?.reason).toMatch(
      /draft-07 schema has no lossless draft-04 form: draft-04 has no "contains".* at \/contains/,
    );
    expect(result.refused.find((r) => r.schema === 'Huge')?.reason).toMatch(
      /content is 1000\d\d characters; EventBridge accepts at most 100000/,
    );

    const store = fx.emulator.state.store;
    expect(store.getRegistry('shop').schemas.size).toBe(3);
    const placed = store.getVersion('shop', 'OrderPlaced');
    expect(placed.type).toBe('JSONSchemaDraft4');
    expect(JSON.parse(placed.content)).toMatchObject({
      $schema: 'http://json-schema.org/draft-04/schema#',
      properties: {
        kind: { enum: ['order'] },
        total: { minimum: 0, exclusiveMinimum: true },
        customer: { $ref: '#/definitions/customer' },
      },
      definitions: { customer: { type: 'object' } },
    });
    expect(store.getVersion('shop', 'OrderShipped').type).toBe('OpenApi3');

    const [shipped] = await fx.port.listVersions('shop', 'OrderShipped');
    expect(shipped?.metadata.owner).toBe('team-a');
    expect(readLink(shipped!)).toMatchObject({ version: '1', origin: 'push', type: 'OpenApi3' });

    fx.emulator.state.resetCalls();
    const again = await fx.sync({ registry: 'shop', direction: 'push' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(fx.emulator.state.callCount('CreateSchema') + fx.emulator.state.callCount('UpdateSchema')).toBe(0);
  });

  it('adds new local versions with UpdateSchema and a ClientTokenId derived from the content', async () => {
    await fx.port.register('shop', 'OrderPlaced', {
      format: 'jsonschema',
      schema: draft04Schema('OrderPlaced', 1),
      metadata: {},
    });
    await fx.sync({ registry: 'shop', direction: 'push' });
    await fx.port.register('shop', 'OrderPlaced', {
      format: 'jsonschema',
      schema: draft04Schema('OrderPlaced', 2),
      metadata: {},
    });
    await fx.port.register('shop', 'OrderPlaced', {
      format: 'jsonschema',
      schema: draft04Schema('OrderPlaced', 3),
      metadata: {},
    });

    const result = await fx.sync({ registry: 'shop', direction: 'push' });
    expect(result).toMatchObject({ created: 0, updated: 2, errors: [] });
    const schema = fx.emulator.state.store.getSchema('shop', 'OrderPlaced');
    expect(schema.versions.map((v) => JSON.parse(v.content).properties)).toEqual([
      draft04Schema('OrderPlaced', 1).properties,
      draft04Schema('OrderPlaced', 2).properties,
      draft04Schema('OrderPlaced', 3).properties,
    ]);
    expect(schema.versionByClientToken.size).toBe(2);
    for (const token of schema.versionByClientToken.keys())
      expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const local = await fx.port.listVersions('shop', 'OrderPlaced');
    expect(local.map((v) => readLink(v)?.version)).toEqual(['1', '2', '3']);
  });

  it('creates the EventBridge registry when it does not exist yet', async () => {
    await fx.port.register('shop', 'A', {
      format: 'jsonschema',
      schema: draft04Schema('A', 1),
      metadata: {},
    });
    expect(fx.emulator.state.store.registries.has('shop')).toBe(false);
    await fx.sync({ registry: 'shop', direction: 'push' });
    expect(fx.emulator.state.store.getRegistry('shop').schemas.has('A')).toBe(true);
  });
});
