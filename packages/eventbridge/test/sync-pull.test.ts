import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLink } from '../src/sync/eventbridge-link.ts';
import { createSyncFixture, draft04Schema, type SyncFixture } from './sync-fixture.ts';

describe('pull from EventBridge', () => {
  let fx: SyncFixture;
  beforeEach(async () => {
    fx = await createSyncFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('imports 300 schemas with 3 versions each across pages, then re-pulls with list calls only', async () => {
    for (let s = 0; s < 300; s++) {
      for (let v = 1; v <= 3; v++) {
        fx.emulator.state.store.seedVersion(
          'orders',
          `shop.orders@Event${s}`,
          'JSONSchemaDraft4',
          JSON.stringify(draft04Schema(`Event${s}`, v)),
        );
      }
    }
    const progress: number[] = [];
    const first = await fx.sync({
      registry: 'orders',
      direction: 'pull',
      pageSize: 40,
      onProgress: ({ done, total }) => {
        expect(total).toBe(300);
        progress.push(done);
      },
    });
    expect(progress).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(first.errors).toEqual([]);
    expect(first.created).toBe(900);
    expect(fx.emulator.state.callCount('ListSchemas')).toBe(8); // 300 / 40 rounded up
    expect(fx.emulator.state.callCount('ListSchemaVersions')).toBe(300);
    expect(fx.emulator.state.callCount('DescribeSchema')).toBe(900);

    const names = await fx.port.listSchemas('orders');
    expect(names).toHaveLength(300);
    const versions = await fx.port.listVersions('orders', 'shop.orders@Event42');
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions.map((v) => readLink(v)?.version)).toEqual(['1', '2', '3']);
    const link = readLink(versions[2]!);
    expect(link).toMatchObject({
      registry: 'orders',
      schemaArn: 'arn:aws:schemas:us-east-1:123456789012:schema/orders/shop.orders@Event42',
      type: 'JSONSchemaDraft4',
      origin: 'pull',
    });
    expect(Number.isNaN(Date.parse(link!.lastModified))).toBe(false);
    const content = await fx.port.getVersion('orders', 'shop.orders@Event42', 2);
    expect(content.schema).toEqual(draft04Schema('Event42', 2));

    fx.emulator.state.resetCalls();
    const registeredBefore = fx.port.callCount('register');
    const second = await fx.sync({ registry: 'orders', direction: 'pull', pageSize: 40 });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 300, errors: [], conflicts: [] });
    expect(fx.emulator.state.callCount()).toBe(
      fx.emulator.state.callCount('ListSchemas') + fx.emulator.state.callCount('DescribeRegistry'),
    );
    expect(fx.emulator.state.callCount('DescribeSchema')).toBe(0);
    expect(fx.port.callCount('register')).toBe(registeredBefore);
  });

  it('follows ListSchemaVersions pages and imports only versions added since the last pull', async () => {
    for (let v = 1; v <= 7; v++) {
      fx.emulator.state.store.seedVersion(
        'orders',
        'OrderPlaced',
        'JSONSchemaDraft4',
        JSON.stringify(draft04Schema('OrderPlaced', v)),
      );
    }
    await fx.sync({ registry: 'orders', direction: 'pull', pageSize: 3 });
    expect(fx.emulator.state.callCount('ListSchemaVersions')).toBe(3);
    expect((await fx.port.listVersions('orders', 'OrderPlaced')).length).toBe(7);

    fx.emulator.state.store.seedVersion(
      'orders',
      'OrderPlaced',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('OrderPlaced', 8)),
    );
    fx.emulator.state.resetCalls();
    const result = await fx.sync({ registry: 'orders', direction: 'pull', pageSize: 3 });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(fx.emulator.state.callCount('DescribeSchema')).toBe(1);
    const versions = await fx.port.listVersions('orders', 'OrderPlaced');
    expect(versions.map((v) => readLink(v)?.version)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('links an EventBridge version that reverts to earlier content instead of duplicating it', async () => {
    const store = fx.emulator.state.store;
    store.seedVersion(
      'orders',
      'OrderPlaced',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('OrderPlaced', 1)),
    );
    store.seedVersion(
      'orders',
      'OrderPlaced',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('OrderPlaced', 2)),
    );
    store.seedVersion(
      'orders',
      'OrderPlaced',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('OrderPlaced', 1)),
    );
    await fx.sync({ registry: 'orders', direction: 'pull' });
    const versions = await fx.port.listVersions('orders', 'OrderPlaced');
    expect(versions.map((v) => readLink(v)?.versions)).toEqual([['1', '3'], ['2']]);

    fx.emulator.state.resetCalls();
    const again = await fx.sync({ registry: 'orders', direction: 'pull' });
    expect(again).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    expect(fx.emulator.state.callCount('DescribeSchema')).toBe(0);
  });

  it('adds the draft-04 marker to JSONSchemaDraft4 content without $schema and keeps OpenApi3 as openapi3', async () => {
    const store = fx.emulator.state.store;
    store.seedVersion(
      'r',
      'Plain',
      'JSONSchemaDraft4',
      '{"type":"object","properties":{"n":{"minimum":0,"exclusiveMinimum":true}}}',
    );
    store.seedVersion(
      'r',
      'Api',
      'OpenApi3',
      JSON.stringify({
        openapi: '3.0.0',
        info: { title: 'x', version: '1' },
        paths: {},
        components: { schemas: { AWSEvent: { type: 'object' } } },
      }),
    );
    await fx.sync({ registry: 'r', direction: 'pull' });
    const plain = await fx.port.getVersion('r', 'Plain', 1);
    expect(plain.format).toBe('jsonschema');
    expect(plain.schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
    });
    const api = await fx.port.getVersion('r', 'Api', 1);
    expect(api.format).toBe('openapi3');
  });

  it('reports a missing EventBridge registry as an error and writes nothing', async () => {
    const result = await fx.sync({ registry: 'nope', direction: 'pull' });
    expect(result.errors).toEqual([{ message: 'EventBridge has no registry named nope' }]);
    expect(await fx.port.listSchemas('nope')).toEqual([]);
  });

  it('says which side failed when a run cannot start', async () => {
    fx.emulator.state.store.createRegistry('shop');
    fx.emulator.inject.schemas.failNext(1, 'ForbiddenException', { operations: ['ListSchemas'] });
    const remoteDown = await fx.sync({ registry: 'shop', direction: 'pull' });
    expect(remoteDown.errors).toEqual([
      { message: expect.stringMatching(/^EventBridge: ForbiddenException/) },
    ]);

    fx.port.listSchemas = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:8080');
    };
    const localDown = await fx.sync({ registry: 'shop', direction: 'pull' });
    expect(localDown.errors).toEqual([{ message: 'schemagate: connect ECONNREFUSED 127.0.0.1:8080' }]);
  });
});
