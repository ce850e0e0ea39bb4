import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyStore,
  createRegistryStore,
  type DatabaseHandle,
  hashApiKey,
  migrate,
  type NewVersion,
  openDatabase,
  type RegistryStore,
  readMigrations,
  StoreError,
} from '../src/index.ts';
import { eachDatabase } from '../src/testing.ts';

const version = (registry: string, name: string, n: number, extra: Partial<NewVersion> = {}): NewVersion => ({
  registry,
  name,
  format: 'jsonschema',
  dialect: '2020-12',
  fingerprint: `fp-${n}`,
  content: { type: 'object', 'x-n': n, zebra: 1, apple: 2 },
  schemaUri: null,
  routeKeys: {},
  references: [],
  metadata: {},
  beforeInsert: async () => {},
  ...extra,
});

describe.each(eachDatabase())('registry store ($name)', (database) => {
  let handle: DatabaseHandle;
  let store: RegistryStore;
  beforeAll(async () => {
    handle = await database.create();
    store = createRegistryStore(handle.db);
  });
  afterAll(() => handle?.close());

  it('numbers versions per schema and returns the existing version for a known fingerprint', async () => {
    const first = await store.registerVersion(version('r', 'a', 1));
    expect(first).toMatchObject({ created: true, version: { version: 1, registry: 'r', name: 'a' } });
    const again = await store.registerVersion(version('r', 'a', 1));
    expect(again).toMatchObject({ created: false, version: { version: 1 } });
    const second = await store.registerVersion(version('r', 'a', 2));
    expect(second.version.version).toBe(2);
    expect((await store.registerVersion(version('r', 'b', 1))).version.version).toBe(1);
    // content comes back with the key order it was registered with
    const read = await store.getVersion('r', 'a', 1);
    expect(Object.keys(read!.content as object)).toEqual(['type', 'x-n', 'zebra', 'apple']);
  });

  it('allocates 1..50 without gaps under 50 concurrent registrations into one schema', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.registerVersion(version('r', 'busy', i))),
    );
    expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect((await store.listVersions('r', 'busy')).length).toBe(50);
  });

  it('runs beforeInsert under the lock with the earlier versions, and a throw aborts the insert', async () => {
    await expect(
      store.registerVersion(
        version('r', 'a', 3, {
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
    await store.registerVersion(version('refs', 'money', 1, { schemaUri: 'https://x.test/money.json' }));
    const money = await store.findBySchemaUri('refs', 'https://x.test/money.json');
    expect(money).toMatchObject({ name: 'money', version: 1 });
    expect(await store.findBySchemaUri('other', 'https://x.test/money.json')).toBeUndefined();
    const order = await store.registerVersion(
      version('refs', 'order', 1, { references: [{ registry: 'refs', name: 'money', version: 1 }] }),
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
      await store.registerVersion(version('pages', name, 1));
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
    await store.registerVersion(version('cfg', 's', 1));
    expect(await store.getSchema('cfg', 's')).toMatchObject({ compatibility: 'FULL', policy: 'strict' });
    await store.putSchemaConfig('cfg', 's', { policy: 'lenient' });
    await store.putRegistry('cfg', { compatibility: 'NONE' });
    expect(await store.getSchema('cfg', 's')).toMatchObject({ compatibility: 'NONE', policy: 'lenient' });
  });

  it('lists route keys of live schemas', async () => {
    await store.registerVersion(
      version('routes', 'eb', 1, { routeKeys: { source: 'com.x', detailType: 'Thing Happened' } }),
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
    const found = await keys.findByHash(hashApiKey(first!));
    expect(found).toMatchObject({ scope: 'admin' });
    expect(JSON.stringify(await keys.list())).not.toContain(first!.slice(3));
    expect(await keys.revoke(found!.prefix)).toBe(true);
    expect(await keys.findByHash(hashApiKey(first!))).toBeUndefined();
  });

  it('sees its own notifications', async () => {
    const got: string[] = [];
    const stop = await handle.listen('sg_test_channel', (payload) => got.push(payload));
    await handle.notify('sg_test_channel', 'hello');
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(got).toEqual(['hello']);
  });
});

describe.runIf(process.env.DATABASE_URL)('on Postgres', () => {
  const url = process.env.DATABASE_URL ?? '';
  const name = `sg_test_${randomBytes(6).toString('hex')}`;
  const target = () => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('applies migrations once when four replicas start together', async () => {
    for (let i = 0; i < 4; i++) handles.push(await openDatabase({ url: target(), maxConnections: 2 }));
    const results = await Promise.all(handles.map((h) => migrate(h.db)));
    const tags = (await readMigrations()).map((m) => m.tag);
    expect(tags.length).toBeGreaterThan(1);
    // each migration applied by exactly one replica, in journal order; the others found nothing to do
    expect(results.flatMap((r) => r.applied)).toEqual(tags);
    expect(results.filter((r) => r.applied.length === 0)).toHaveLength(3);
    const check = postgres(target(), { max: 1, onnotice: () => {} });
    const recorded = await check`select tag from schemagate_migrations order by tag`;
    await check.end();
    expect(recorded.map((r) => r.tag)).toEqual(tags);
  });

  it('does not serialise registrations into different schemas on one lock', async () => {
    const store = createRegistryStore(handles[0]!.db);
    const slow = (n: number) =>
      version('par', `s${n}`, n, { beforeInsert: () => new Promise((resolve) => setTimeout(resolve, 300)) });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => createRegistryStore(handles[i]!.db).registerVersion(slow(i))),
    );
    // four 300 ms critical sections in parallel, not one after the other (which would take >= 1.2 s)
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await store.listSchemas('par', { limit: 10 })).items.length).toBe(4);
  });
});
