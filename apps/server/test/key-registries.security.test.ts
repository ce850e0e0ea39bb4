/**
 * A key's `registries` hold on every route that names a registry: outside its set a registry answers exactly as
 * one that does not exist (404, never 403), listings show only the allowed ones, and validation routes events
 * only to schemas the key may reach (an event that matches one allowed and one other schema is not ambiguous for
 * it). Scopes still apply inside the set.
 */
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayReach } from '../src/middleware/auth.ts';
import { goodOrder, orderPlacedV1 } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const onlyBilling = {
  type: 'object',
  properties: { source: { const: 'com.example.billing' }, 'detail-type': { const: 'InvoiceSent' } },
};
const invoice = { source: 'com.example.billing', 'detail-type': 'InvoiceSent', detail: {} };

describe('mayReach', () => {
  const hash = Buffer.alloc(32);
  it('lets a key without registries reach all, one with registries only those, and no key none', () => {
    expect(mayReach({ id: 'a', scope: 'read', hash }, 'x')).toBe(true);
    expect(mayReach({ id: 'a', scope: 'read', hash, registries: null }, 'x')).toBe(true);
    expect(mayReach({ id: 'a', scope: 'read', hash, registries: new Set(['x']) }, 'x')).toBe(true);
    expect(mayReach({ id: 'a', scope: 'admin', hash, registries: new Set(['x']) }, 'y')).toBe(false);
    expect(mayReach(undefined, 'x')).toBe(false);
  });
});

describe.each(eachDatabase())('keys limited to registries ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;
  /** Keys of each scope that reach `orders` only. */
  const limited: Record<string, string> = {};

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle);
    for (const registry of ['orders', 'billing']) {
      const res = await t.call('POST', `/v1/registries/${registry}/schemas/order-placed/versions`, {
        json: { schema: orderPlacedV1 },
      });
      expect(res.status).toBe(201);
    }
    await t.call('POST', '/v1/registries/billing/schemas/invoice-sent/versions', {
      json: { schema: onlyBilling },
    });
    for (const scope of ['admin', 'write', 'validate', 'read']) {
      const res = await t.call('POST', '/v1/keys', { json: { scope, registries: ['orders'] } });
      limited[scope] = ((await res.json()) as { key: string }).key;
    }
  });
  afterAll(() => t.close());

  const as = (scope: string, method: string, path: string, json?: unknown) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${limited[scope]}`, 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  /** A problem without `instance`, which names the path asked for. */
  const problemOf = async (res: Response) => {
    const { instance: _instance, ...rest } = (await res.json()) as Record<string, unknown>;
    return { status: res.status, ...rest };
  };

  it('lists only the registries the key may reach', async () => {
    const all = (await (await t.call('GET', '/v1/registries')).json()) as { items: { name: string }[] };
    expect(all.items.map((r) => r.name).sort()).toEqual(['billing', 'orders']);
    const mine = (await (await as('read', 'GET', '/v1/registries')).json()) as { items: { name: string }[] };
    expect(mine.items.map((r) => r.name)).toEqual(['orders']);
  });

  it.each([
    ['read', 'GET', '/v1/registries/{r}'],
    ['read', 'GET', '/v1/registries/{r}/schemas'],
    ['read', 'GET', '/v1/registries/{r}/schemas/order-placed/versions'],
    ['read', 'GET', '/v1/registries/{r}/schemas/order-placed/versions/latest'],
    ['read', 'GET', '/v1/registries/{r}/schemas/order-placed/versions/1/bindings/typescript'],
    ['read', 'GET', '/v1/registries/{r}/schemas/order-placed/config'],
    ['write', 'POST', '/v1/registries/{r}/schemas/order-placed/versions', { schema: orderPlacedV1 }],
    ['read', 'POST', '/v1/registries/{r}/schemas/order-placed/compatibility', { schema: orderPlacedV1 }],
    ['write', 'PATCH', '/v1/registries/{r}/schemas/order-placed/versions/1', { state: 'deprecated' }],
    ['write', 'PUT', '/v1/registries/{r}/schemas/order-placed/config', { compatibility: 'FULL' }],
    ['admin', 'DELETE', '/v1/registries/{r}/schemas/order-placed/versions/1'],
    ['admin', 'DELETE', '/v1/registries/{r}/schemas/order-placed'],
    ['admin', 'PUT', '/v1/registries/{r}', { description: 'taken over' }],
  ])(
    '%s %s %s: 404 outside the set, the same answer as for a registry that does not exist',
    async (scope, method, path, json?) => {
      const outside = await problemOf(await as(scope, method, path.replace('{r}', 'billing'), json));
      const missing = await problemOf(await as(scope, method, path.replace('{r}', 'nowhere'), json));
      expect(outside).toMatchObject({
        status: 404,
        code: 'not_found',
        detail: expect.stringContaining('billing'),
      });
      expect(JSON.stringify(outside).replaceAll('billing', 'nowhere')).toBe(JSON.stringify(missing));
    },
  );

  it('still works inside the set, within the scope', async () => {
    expect(
      (await as('read', 'GET', '/v1/registries/orders/schemas/order-placed/versions/latest')).status,
    ).toBe(200);
    const registered = await as('write', 'POST', '/v1/registries/orders/schemas/another/versions', {
      schema: { type: 'string' },
    });
    expect(registered.status).toBe(201);
    expect(
      (await as('read', 'POST', '/v1/registries/orders/schemas/x/versions', { schema: {} })).status,
    ).toBe(403);
    // what the limited writer did is still there for every other key
    expect((await t.call('GET', '/v1/registries/billing/schemas/order-placed/versions/1')).status).toBe(200);
  });

  it('routes an event only to schemas the key may reach', async () => {
    // the envelope matches orders/order-placed and billing/order-placed: ambiguous for a key that reaches both
    const everywhere = await t.call('POST', '/v1/validate', { json: { event: goodOrder }, key: 'validate' });
    expect(everywhere.status).toBe(409);
    const routed = await as('validate', 'POST', '/v1/validate', { event: goodOrder });
    expect(routed.status).toBe(200);
    expect(await routed.json()).toMatchObject({ valid: true, registry: 'orders', schema: 'order-placed' });

    // an event only a schema outside the set matches: as if nothing were registered for it
    const onlyOutside = await problemOf(await as('validate', 'POST', '/v1/validate', { event: invoice }));
    const unknown = await problemOf(
      await as('validate', 'POST', '/v1/validate', {
        event: { ...invoice, source: 'com.example.nobody' },
      }),
    );
    expect(onlyOutside).toMatchObject({ status: 404, code: 'no_schema_for_event' });
    expect(JSON.stringify(onlyOutside).replaceAll('com.example.billing', 'com.example.nobody')).toBe(
      JSON.stringify(unknown),
    );

    // naming a registry or schema outside the set: the answer for a schema that does not exist
    const named = await problemOf(
      await as('validate', 'POST', '/v1/validate', {
        registry: 'billing',
        schema: 'order-placed',
        event: goodOrder,
      }),
    );
    const missing = await problemOf(
      await as('validate', 'POST', '/v1/validate', {
        registry: 'nowhere',
        schema: 'order-placed',
        event: goodOrder,
      }),
    );
    expect(named).toMatchObject({ status: 404, code: 'not_found' });
    expect(JSON.stringify(named).replaceAll('billing', 'nowhere')).toBe(JSON.stringify(missing));
    const inRegistry = await problemOf(
      await as('validate', 'POST', '/v1/validate', { registry: 'billing', event: goodOrder }),
    );
    expect(inRegistry).toMatchObject({ status: 404, code: 'no_schema_for_event' });
  });

  it('fails only the batch entries routed outside the set', async () => {
    const res = await as('validate', 'POST', '/v1/validate/batch', {
      events: [goodOrder, invoice, goodOrder],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      failedCount: number;
      results: { valid: boolean; registry: string | null; errors: { keyword: string }[] }[];
    };
    expect(body.failedCount).toBe(1);
    expect(body.results.map((r) => r.valid)).toEqual([true, false, true]);
    expect(body.results[0]?.registry).toBe('orders');
    expect(body.results[1]?.errors[0]?.keyword).toBe('no_schema_for_event');
    const named = await as('validate', 'POST', '/v1/validate/batch', {
      registry: 'billing',
      schema: 'order-placed',
      events: [goodOrder],
    });
    const result = ((await named.json()) as { results: { valid: boolean; errors: { keyword: string }[] }[] })
      .results[0];
    expect(result).toMatchObject({ valid: false, errors: [{ keyword: 'not_found' }] });
  });
});
