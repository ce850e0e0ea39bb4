import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, type SchemagateClient } from './client.ts';
import type { SchemaVersion, ValidateResult } from './client-types.ts';
import { isSchemagateError, SchemagateError } from './schemagate-error.ts';
import { createFakeRegistry, type FakeRegistry } from './test/fake-registry.ts';

const orderSchema = {
  $id: 'https://schemas.shop.example/orders/order-placed.json',
  type: 'object',
  required: ['orderId'],
  properties: { orderId: { type: 'string' }, note: { type: 'string' } },
};

function setup(options: { key?: string } = {}): {
  fake: FakeRegistry;
  client: SchemagateClient;
  waits: number[];
} {
  const fake = createFakeRegistry();
  const waits: number[] = [];
  const client = createClient({
    url: 'http://registry.test/',
    key: 'key' in options ? options.key : 'sg_test_key',
    fetch: (input, init) => Promise.resolve(fake.app.fetch(new Request(input, init))),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
  return { fake, client, waits };
}

async function rejection(promise: Promise<unknown>): Promise<SchemagateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SchemagateError))
    throw new Error(`expected a SchemagateError, got ${String(error)}`);
  return error;
}

describe('createClient against the route declarations', () => {
  it('creates, updates and lists registries', async () => {
    const { client } = setup();
    const first = await client.putRegistry('shop', { description: 'The shop' });
    const second = await client.putRegistry('shop', { description: 'Renamed' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect((await client.getRegistry('shop')).description).toBe('Renamed');
    expect((await client.listRegistries()).items.map((r) => r.name)).toEqual(['shop']);
  });

  it('tells a new version from re-registered content', async () => {
    const { client } = setup();
    const created = await client.registerVersion('shop', 'com.shop.orders@OrderPlaced', {
      schema: orderSchema,
    });
    const again = await client.registerVersion('shop', 'com.shop.orders@OrderPlaced', {
      schema: orderSchema,
    });
    expect(created).toMatchObject({
      created: true,
      result: { version: 1, name: 'com.shop.orders@OrderPlaced' },
    });
    expect(again).toMatchObject({ created: false, result: { version: 1 } });
  });

  it('throws an incompatible registration as a typed 409 carrying the problem', async () => {
    const { client } = setup();
    await client.registerVersion('shop', 'orders', { schema: orderSchema });
    const breaking = { ...orderSchema, required: ['orderId', 'note'] };
    const error = await rejection(client.registerVersion('shop', 'orders', { schema: breaking }));
    expect(error.status).toBe(409);
    expect(error.code).toBe('incompatible');
    expect(error.problem.report).toMatchObject({
      compatible: false,
      changes: [{ path: '#/required/note', breaking: true }],
    });
    expect(isSchemagateError(error, 'incompatible')).toBe(true);
    expect(isSchemagateError(error, 404)).toBe(false);
  });

  it('reads a version with its ETag and revalidates it with If-None-Match', async () => {
    const { client, fake } = setup();
    await client.registerVersion('shop', 'com.shop.orders@OrderPlaced', { schema: orderSchema });
    const fresh = await client.getVersion('shop', 'com.shop.orders@OrderPlaced');
    expect(fresh.version.schema).toEqual(orderSchema);
    expect(fresh.etag).toBe('"shop/com.shop.orders@OrderPlaced/1"');

    const unchanged = await client.getVersion('shop', 'com.shop.orders@OrderPlaced', 'latest', {
      ifNoneMatch: fresh.etag,
    });
    expect(unchanged).toEqual({ notModified: true, etag: fresh.etag });
    expect(fake.requests.at(-1)?.headers.get('if-none-match')).toBe(fresh.etag);

    await client.registerVersion('shop', 'com.shop.orders@OrderPlaced', {
      schema: { ...orderSchema, title: 'v2' },
    });
    const changed = await client.getVersion('shop', 'com.shop.orders@OrderPlaced', 'latest', {
      ifNoneMatch: fresh.etag,
    });
    expect(changed.notModified).toBe(false);
    if (!changed.notModified) expect(changed.version.version).toBe(2);
    expect((await client.getVersion('shop', 'com.shop.orders@OrderPlaced', 1)).version.version).toBe(1);
  });

  it('encodes schema names as one path segment', async () => {
    const { client, fake } = setup();
    await client.registerVersion('shop', 'com.shop.orders@OrderPlaced', { schema: orderSchema });
    expect(new URL(fake.requests.at(-1)!.url).pathname).toBe(
      '/v1/registries/shop/schemas/com.shop.orders%40OrderPlaced/versions',
    );
  });

  it('follows cursors through every page of schemas', async () => {
    const { client } = setup();
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await client.registerVersion('shop', name, { schema: orderSchema });
    const firstPage = await client.listSchemas('shop', { limit: 2 });
    expect(firstPage.items.map((s) => s.name)).toEqual(['a', 'b']);
    expect(firstPage.nextCursor).toBe('b');
    const names: string[] = [];
    for await (const schema of client.listAllSchemas('shop', { limit: 2 })) names.push(schema.name);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('changes state, deletes and sends ?permanent=true only when asked', async () => {
    const { client, fake } = setup();
    await client.registerVersion('shop', 'orders', { schema: orderSchema });
    await client.registerVersion('shop', 'orders', { schema: { ...orderSchema, title: 'v2' } });
    expect((await client.patchVersion('shop', 'orders', 1, { state: 'deprecated' })).state).toBe(
      'deprecated',
    );
    await client.deleteVersion('shop', 'orders', 1);
    expect(new URL(fake.requests.at(-1)!.url).search).toBe('');
    expect((await client.listVersions('shop', 'orders')).items.map((v) => v.version)).toEqual([2]);
    await client.deleteSchema('shop', 'orders', { permanent: true });
    expect(new URL(fake.requests.at(-1)!.url).search).toBe('?permanent=true');
    expect((await rejection(client.listVersions('shop', 'orders'))).code).toBe('not_found');
  });

  it('reads and writes a schema config and checks compatibility', async () => {
    const { client } = setup();
    await client.registerVersion('shop', 'orders', { schema: orderSchema });
    expect(
      await client.putSchemaConfig('shop', 'orders', { compatibility: 'FULL', policy: 'lenient' }),
    ).toEqual({
      compatibility: 'FULL',
      policy: 'lenient',
    });
    expect(await client.getSchemaConfig('shop', 'orders')).toEqual({
      compatibility: 'FULL',
      policy: 'lenient',
    });
    expect((await client.checkCompatibility('shop', 'orders', { schema: orderSchema })).compatible).toBe(
      true,
    );
  });

  it('validates one event and a batch in request order', async () => {
    const { client } = setup();
    await client.registerVersion('shop', 'orders', { schema: orderSchema });
    const bad = await client.validate({ event: { note: 'x' }, registry: 'shop', schema: 'orders' });
    expect(bad.valid).toBe(false);
    expect(bad.errors[0]).toMatchObject({ keyword: 'required', path: '/orderId' });
    const batch = await client.validateBatch({
      events: [{ orderId: '1' }, 42, { orderId: '3' }],
      registry: 'shop',
      schema: 'orders',
    });
    expect(batch.failedCount).toBe(1);
    expect(batch.results.map((r) => r.valid)).toEqual([true, false, true]);
    expect((await client.getQuotas()).batch.maxEvents).toBe(1000);
  });

  it('sends the key as a bearer token, and nothing when there is none', async () => {
    const withKey = setup({ key: 'sg_secret' });
    await withKey.client.listRegistries();
    expect(withKey.fake.requests[0]?.headers.get('authorization')).toBe('Bearer sg_secret');
    const without = setup({ key: undefined });
    await without.client.listRegistries();
    expect(without.fake.requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('throws problem+json errors with their status, code and detail', async () => {
    const { client } = setup();
    const error = await rejection(client.getRegistry('nowhere'));
    expect(error).toBeInstanceOf(SchemagateError);
    expect(error.status).toBe(404);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('no registry nowhere');
  });

  it('derives its types from the route declarations', () => {
    const { client } = setup();
    expectTypeOf(client.validate).returns.resolves.toEqualTypeOf<ValidateResult>();
    expectTypeOf<ValidateResult['errors'][number]>().toEqualTypeOf<{
      path: string;
      keyword: string;
      message: string;
      schemaPath: string;
    }>();
    expectTypeOf<SchemaVersion['state']>().toEqualTypeOf<'active' | 'deprecated' | 'disabled'>();
    expectTypeOf(client.putSchemaConfig).parameter(2).toHaveProperty('compatibility');
  });
});
