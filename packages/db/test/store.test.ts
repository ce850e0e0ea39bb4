import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyStore,
  createRegistryStore,
  type DatabaseHandle,
  hashApiKey,
  type KeyScope,
  keyPrefix,
  type RegistryStore,
  StoreError,
  type VersionState,
} from '../src/index.ts';
import { eachDatabase } from '../src/testing.ts';
import { newVersion } from './new-version.ts';

describe.each(eachDatabase())('registry store ($name)', (database) => {
  let handle: DatabaseHandle;
  let store: RegistryStore;
  beforeAll(async () => {
    handle = await database.create();
    store = createRegistryStore(handle.db);
  });
  afterAll(() => handle?.close());

  it('numbers versions per schema and returns the existing version for a known fingerprint', async () => {
    const first = await store.registerVersion(newVersion('r', 'a', 1));
    expect(first).toMatchObject({ created: true, version: { version: 1, registry: 'r', name: 'a' } });
    const again = await store.registerVersion(newVersion('r', 'a', 1));
    expect(again).toMatchObject({ created: false, version: { version: 1 } });
    const second = await store.registerVersion(newVersion('r', 'a', 2));
    expect(second.version.version).toBe(2);
    expect((await store.registerVersion(newVersion('r', 'b', 1))).version.version).toBe(1);
    // content comes back with the key order it was registered with
    const read = await store.getVersion('r', 'a', 1);
    expect(Object.keys(read!.content as object)).toEqual(['type', 'x-n', 'zebra', 'apple']);
  });

  it('allocates 1..50 without gaps under 50 concurrent registrations into one schema', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.registerVersion(newVersion('r', 'busy', i))),
    );
    expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect((await store.listVersions('r', 'busy')).length).toBe(50);
  });

  it('runs beforeInsert under the lock with the earlier versions, and a throw aborts the insert', async () => {
    await expect(
      store.registerVersion(
        newVersion('r', 'a', 3, {
          beforeInsert: async ({ previous, schema }) => {
            expect(previous.map((p) => p.version)).toEqual([1, 2]);
            expect(schema.compatibility).toBe('BACKWARD');
            throw new Error('incompatible');
          },
        }),
      ),
    ).rejects.toThrow('incompatible');
    expect((await store.pointers('r', 'a')).latest).toBe(2);
  });

  it('tracks latest and usable pointers through states and soft deletes', async () => {
    await store.updateVersion('r', 'a', 2, { state: 'disabled' });
    expect(await store.pointers('r', 'a')).toEqual({ latest: 2, usable: 1 });
    await store.updateVersion('r', 'a', 2, { state: 'active', metadata: { k: 'v' } });
    expect((await store.getVersion('r', 'a', 2))?.metadata).toEqual({ k: 'v' });
    expect(await store.deleteVersion('r', 'a', 2, false)).toBe(true);
    expect(await store.pointers('r', 'a')).toEqual({ latest: 1, usable: 1 });
    expect(await store.getVersion('r', 'a', 2)).toBeUndefined();
    await expect(store.deleteVersion('r', 'a', 1, true)).rejects.toBeInstanceOf(StoreError);
    expect(await store.deleteVersion('r', 'a', 2, true)).toBe(true);
  });

  it('resolves $ids, records references and refuses to delete a referenced version', async () => {
    await store.registerVersion(newVersion('refs', 'money', 1, { schemaUri: 'https://x.test/money.json' }));
    const money = await store.findBySchemaUri('refs', 'https://x.test/money.json');
    expect(money).toMatchObject({ name: 'money', version: 1 });
    expect(await store.findBySchemaUri('other', 'https://x.test/money.json')).toBeUndefined();
    const order = await store.registerVersion(
      newVersion('refs', 'order', 1, { references: [{ registry: 'refs', name: 'money', version: 1 }] }),
    );
    expect((await store.referencesOf(order.version)).map((v) => v.name)).toEqual(['money']);
    await expect(store.deleteVersion('refs', 'money', 1, false)).rejects.toMatchObject({
      code: 'referenced',
    });
    await expect(store.deleteSchema('refs', 'money', false)).rejects.toMatchObject({ code: 'referenced' });
    expect(await store.deleteSchema('refs', 'order', false)).toBe(true);
    expect(await store.deleteSchema('refs', 'money', false)).toBe(true);
    expect(await store.deleteSchema('refs', 'order', true)).toBe(true);
    expect(await store.deleteSchema('refs', 'money', true)).toBe(true);
    expect(await store.getSchema('refs', 'money')).toBeUndefined();
  });

  it('pages schemas by name with a cursor, with literal prefixes', async () => {
    for (const name of ['p_1', 'p_2', 'p%3', 'pa', 'q'])
      await store.registerVersion(newVersion('pages', name, 1));
    const first = await store.listSchemas('pages', { prefix: 'p_', limit: 1 });
    expect(first.items.map((s) => s.name)).toEqual(['p_1']);
    const second = await store.listSchemas('pages', { prefix: 'p_', limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((s) => s.name)).toEqual(['p_2']);
    expect(second.nextCursor).toBeUndefined();
    expect((await store.listSchemas('pages', { limit: 10 })).items.map((s) => s.name)).toEqual([
      'p%3',
      'p_1',
      'p_2',
      'pa',
      'q',
    ]);
  });

  it('keeps registry defaults and schema overrides apart', async () => {
    expect((await store.putRegistry('cfg', { compatibility: 'FULL' })).created).toBe(true);
    expect((await store.putRegistry('cfg', { description: 'd' })).created).toBe(false);
    await store.registerVersion(newVersion('cfg', 's', 1));
    expect(await store.getSchema('cfg', 's')).toMatchObject({ compatibility: 'FULL', policy: 'strict' });
    await store.putSchemaConfig('cfg', 's', { policy: 'lenient' });
    await store.putRegistry('cfg', { compatibility: 'NONE' });
    expect(await store.getSchema('cfg', 's')).toMatchObject({ compatibility: 'NONE', policy: 'lenient' });
  });

  it('lists route keys of live schemas', async () => {
    await store.registerVersion(
      newVersion('routes', 'eb', 1, { routeKeys: { source: 'com.x', detailType: 'Thing Happened' } }),
    );
    const routes = await store.listRoutes();
    expect(routes).toContainEqual(
      expect.objectContaining({
        registry: 'routes',
        name: 'eb',
        source: 'com.x',
        detailType: 'Thing Happened',
      }),
    );
  });

  it('creates keys once, stores only their hash, and revokes them', async () => {
    const keys = createKeyStore(handle.db);
    const first = await keys.createFirstAdmin();
    expect(first).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(await keys.createFirstAdmin()).toBeUndefined();
    const live = async () => (await keys.list()).filter((k) => !k.revokedAt).length;
    const [found] = await keys.findByPrefix(keyPrefix(first!));
    expect(found).toMatchObject({ scope: 'admin', hash: hashApiKey(first!) });
    expect(JSON.stringify(await keys.list())).not.toContain(first!.slice(3));
    const reader = await keys.create('read', 'ci');
    expect(await live()).toBe(2);
    expect(await keys.findByPrefix(keyPrefix(reader))).toEqual([
      expect.objectContaining({ scope: 'read', name: 'ci', hash: hashApiKey(reader) }),
    ]);
    expect(await keys.revoke(found!.prefix)).toBe(true);
    expect(await keys.revoke(found!.prefix)).toBe(false);
    expect(await keys.findByPrefix(keyPrefix(first!))).toEqual([]);
    expect(await live()).toBe(1);
    await expect(keys.create('root' as KeyScope, 'bad')).rejects.toThrow();
  });

  it('sees its own notifications', async () => {
    const got: string[] = [];
    const stop = await handle.listen('sg_test_channel', (payload) => got.push(payload));
    await handle.notify('sg_test_channel', 'hello');
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(got).toEqual(['hello']);
  });

  it('re-registers a soft-deleted schema from an empty history, numbering on', async () => {
    await store.registerVersion(newVersion('revive', 's', 1));
    await store.registerVersion(newVersion('revive', 's', 2));
    expect(await store.deleteSchema('revive', 's', false)).toBe(true);
    expect(await store.deleteSchema('revive', 's', false)).toBe(false);
    expect(await store.getSchema('revive', 's')).toBeUndefined();
    const seen: number[][] = [];
    const again = await store.registerVersion(
      newVersion('revive', 's', 1, {
        beforeInsert: async ({ previous }) => {
          seen.push(previous.map((p) => p.version));
        },
      }),
    );
    // the same content as the deleted v1 is a new version, checked against nothing
    expect(again).toMatchObject({ created: true, version: { version: 3 } });
    expect(seen).toEqual([[]]);
    expect((await store.listVersions('revive', 's')).map((v) => v.version)).toEqual([3]);
    expect(await store.getVersion('revive', 's', 1)).toBeUndefined();
  });

  it('does not call beforeInsert for known content, and re-registers the content of a deleted version', async () => {
    let calls = 0;
    const counted = (n: number) =>
      newVersion('known', 's', n, {
        beforeInsert: async () => {
          calls++;
        },
      });
    await store.registerVersion(counted(1));
    await store.registerVersion(counted(1));
    expect(calls).toBe(1);
    await store.registerVersion(counted(2));
    await store.deleteVersion('known', 's', 1, false);
    expect(await store.registerVersion(counted(1))).toMatchObject({ created: true, version: { version: 3 } });
    expect(calls).toBe(3);
  });

  it('points at the newest version, and the newest usable one', async () => {
    for (const n of [1, 2, 3]) await store.registerVersion(newVersion('latest', 's', n));
    expect(await store.pointers('latest', 's')).toEqual({ latest: 3, usable: 3 });
    await store.updateVersion('latest', 's', 3, { state: 'disabled' });
    await store.updateVersion('latest', 's', 2, { state: 'deprecated' });
    expect(await store.pointers('latest', 's')).toEqual({ latest: 3, usable: 2 });
    await store.deleteVersion('latest', 's', 2, false);
    expect(await store.pointers('latest', 's')).toEqual({ latest: 3, usable: 1 });
    expect(await store.pointers('latest', 'nothing')).toEqual({});
  });

  it('refuses a state outside the closed set', async () => {
    await store.registerVersion(newVersion('states', 's', 1));
    await expect(
      store.updateVersion('states', 's', 1, { state: 'retired' as VersionState }),
    ).rejects.toThrow();
    expect((await store.getVersion('states', 's', 1))?.state).toBe('active');
  });

  it('lists the route keys of live schemas: EventBridge source and detail-type, or CloudEvents type', async () => {
    await store.registerVersion(
      newVersion('route', 'com.shop@OrderPlaced', 1, {
        routeKeys: { source: 'com.shop', detailType: 'OrderPlaced' },
      }),
    );
    await store.registerVersion(
      newVersion('route', 'order.shipped', 1, { routeKeys: { cloudEventType: 'com.shop.order.shipped' } }),
    );
    await store.registerVersion(
      newVersion('route2', 'com.shop@OrderPlaced', 1, {
        routeKeys: { source: 'com.shop', detailType: 'OrderPlaced' },
      }),
    );
    const routes = async () =>
      (await store.listRoutes())
        .filter((r) => r.registry === 'route' || r.registry === 'route2')
        .map((r) => [`${r.registry}/${r.name}`, r.source, r.detailType, r.cloudEventType])
        .sort();
    expect(await routes()).toEqual([
      ['route/com.shop@OrderPlaced', 'com.shop', 'OrderPlaced', null],
      ['route/order.shipped', null, null, 'com.shop.order.shipped'],
      ['route2/com.shop@OrderPlaced', 'com.shop', 'OrderPlaced', null],
    ]);
    await store.deleteSchema('route', 'order.shipped', false);
    expect((await routes()).map((r) => r[0])).toEqual([
      'route/com.shop@OrderPlaced',
      'route2/com.shop@OrderPlaced',
    ]);
  });

  it('refuses a reference to a deleted version and deletes in the right order', async () => {
    await store.registerVersion(newVersion('gone', 'money', 1));
    await store.deleteVersion('gone', 'money', 1, false);
    await expect(
      store.registerVersion(
        newVersion('gone', 'order', 1, { references: [{ registry: 'gone', name: 'money', version: 1 }] }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    // the refused registration left nothing behind
    expect(await store.listVersions('gone', 'order')).toEqual([]);
    await store.registerVersion(newVersion('gone', 'order', 2));
    await expect(store.deleteSchema('gone', 'order', true)).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.deleteVersion('gone', 'money', 1, true)).toBe(true);
    expect(await store.deleteVersion('gone', 'money', 1, true)).toBe(false);
  });

  it('keeps metadata apart from content and replaces it on update', async () => {
    const registered = await store.registerVersion(
      newVersion('meta', 's', 1, { metadata: { eventbridge: { version: '3', arn: 'arn:aws:x' } } }),
    );
    expect(registered.version.metadata).toEqual({ eventbridge: { version: '3', arn: 'arn:aws:x' } });
    await store.updateVersion('meta', 's', 1, { metadata: { eventbridge: { version: '4' } } });
    const read = await store.getVersion('meta', 's', 1);
    expect(read?.metadata).toEqual({ eventbridge: { version: '4' } });
    expect(read?.content).toEqual(registered.version.content);
  });
});
