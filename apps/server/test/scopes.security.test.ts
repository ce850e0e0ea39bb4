/**
 * Scopes match intent: a `write` key registers versions and may tighten a schema's checks, but loosening them
 * and creating (also by registering into a new one) or changing registries take `admin`; any key may read the
 * limits that apply to it.
 */
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyScope, scopeGrants } from '../src/middleware/auth.ts';
import { weakening } from '../src/routes/schemas/config.ts';
import { orderPlacedV1 } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** v1 with a new required property: breaking under BACKWARD. */
const breakingV2 = {
  ...orderPlacedV1,
  properties: {
    ...orderPlacedV1.properties,
    detail: {
      ...orderPlacedV1.properties.detail,
      required: [...orderPlacedV1.properties.detail.required, 'currency'],
      properties: { ...orderPlacedV1.properties.detail.properties, currency: { type: 'string' } },
    },
  },
};

describe('what makes a schema config weaker', () => {
  const config = (compatibility: string, policy = 'strict') => ({ compatibility, policy }) as never;
  it.each([
    ['BACKWARD', 'NONE'],
    ['FULL', 'BACKWARD'],
    ['FULL', 'FORWARD'],
    ['BACKWARD', 'FORWARD'],
    ['FORWARD_TRANSITIVE', 'BACKWARD_TRANSITIVE'],
    ['BACKWARD_TRANSITIVE', 'BACKWARD'],
    ['FULL_TRANSITIVE', 'FULL'],
    ['BACKWARD_TRANSITIVE', 'FULL'],
  ])('%s -> %s is weaker', (from, to) => {
    expect(weakening(config(from), config(to))).toBe(`compatibility ${from} -> ${to}`);
  });

  it.each([
    ['NONE', 'NONE'],
    ['NONE', 'FORWARD'],
    ['BACKWARD', 'BACKWARD'],
    ['BACKWARD', 'BACKWARD_TRANSITIVE'],
    ['BACKWARD', 'FULL'],
    ['BACKWARD_TRANSITIVE', 'FULL_TRANSITIVE'],
    ['FORWARD', 'FULL_TRANSITIVE'],
    ['FULL', 'FULL_TRANSITIVE'],
  ])('%s -> %s is not', (from, to) => {
    expect(weakening(config(from), config(to))).toBeUndefined();
  });

  it('counts strict -> lenient as weaker, lenient -> strict not, and names every loosening', () => {
    expect(weakening(config('FULL', 'strict'), config('FULL', 'lenient'))).toBe('policy strict -> lenient');
    expect(weakening(config('FULL', 'lenient'), config('FULL', 'strict'))).toBeUndefined();
    expect(weakening(config('FULL', 'strict'), config('NONE', 'lenient'))).toBe(
      'compatibility FULL -> NONE, policy strict -> lenient',
    );
  });
});

describe.each(eachDatabase())('scopes match intent ($name)', (database) => {
  let t: TestApp;
  let handle: DatabaseHandle;
  const schema = '/v1/registries/shop/schemas/orders';
  const putConfig = (key: KeyScope, json: Record<string, string>) =>
    t.call('PUT', `${schema}/config`, { key, json });
  const configNow = async () =>
    (await (await t.call('GET', `${schema}/config`)).json()) as Record<string, string>;
  const setConfig = async (json: Record<string, string>) =>
    expect((await putConfig('admin', json)).status).toBe(200);

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle);
    const first = await t.call('POST', `${schema}/versions`, { json: { schema: orderPlacedV1 } });
    expect(first.status).toBe(201);
  });
  afterAll(() => t?.close());

  it('keeps a write key that was refused a breaking version from turning the check off', async () => {
    await setConfig({ compatibility: 'BACKWARD', policy: 'strict' });
    const refused = await t.call('POST', `${schema}/versions`, {
      key: 'write',
      json: { schema: breakingV2 },
    });
    expect(refused.status).toBe(409);

    const loosen = await putConfig('write', { compatibility: 'NONE' });
    expect(loosen.status).toBe(403);
    const problem = (await loosen.json()) as { code: string; detail: string };
    expect(problem.code).toBe('forbidden');
    expect(problem.detail).toContain('compatibility BACKWARD -> NONE');
    expect(problem.detail).toContain('`admin`');
    expect(await configNow()).toEqual({ compatibility: 'BACKWARD', policy: 'strict' });

    const again = await t.call('POST', `${schema}/versions`, { key: 'write', json: { schema: breakingV2 } });
    expect(again.status).toBe(409);
  });

  it('refuses a write key every loosening: a direction, transitivity, the policy', async () => {
    for (const [from, to] of [
      [{ compatibility: 'FULL' }, { compatibility: 'BACKWARD' }],
      [{ compatibility: 'BACKWARD' }, { compatibility: 'FORWARD' }],
      [{ compatibility: 'BACKWARD_TRANSITIVE' }, { compatibility: 'BACKWARD' }],
      [{ compatibility: 'FULL_TRANSITIVE' }, { compatibility: 'FULL' }],
      [{ policy: 'strict' }, { policy: 'lenient' }],
      [
        { compatibility: 'FULL', policy: 'strict' },
        { compatibility: 'FULL_TRANSITIVE', policy: 'lenient' },
      ],
    ] as const) {
      await setConfig(from);
      const before = await configNow();
      const res = await putConfig('write', to);
      expect(res.status, `${JSON.stringify(from)} -> ${JSON.stringify(to)}`).toBe(403);
      expect(await configNow()).toEqual(before);
    }
  });

  it('lets a write key tighten the checks, or set what is in force already', async () => {
    await setConfig({ compatibility: 'NONE', policy: 'lenient' });
    const tighter: Record<string, string>[] = [
      { compatibility: 'BACKWARD' },
      { compatibility: 'BACKWARD_TRANSITIVE' },
      { compatibility: 'FULL_TRANSITIVE', policy: 'strict' },
      { compatibility: 'FULL_TRANSITIVE' },
      {},
    ];
    for (const json of tighter) {
      const res = await putConfig('write', json);
      expect(res.status, JSON.stringify(json)).toBe(200);
      expect(await res.json()).toMatchObject(json);
    }
    expect(await configNow()).toEqual({ compatibility: 'FULL_TRANSITIVE', policy: 'strict' });
  });

  it('lets an admin key loosen them', async () => {
    await setConfig({ compatibility: 'FULL_TRANSITIVE', policy: 'strict' });
    const res = await putConfig('admin', { compatibility: 'NONE', policy: 'lenient' });
    expect(res.status).toBe(200);
    expect(await configNow()).toEqual({ compatibility: 'NONE', policy: 'lenient' });
  });

  it('answers 404 for the config of a schema that does not exist, whatever the change', async () => {
    const res = await t.call('PUT', '/v1/registries/shop/schemas/nothing-here/config', {
      key: 'write',
      json: { compatibility: 'NONE' },
    });
    expect(res.status).toBe(404);
  });

  it('keeps creating and changing registries to admin keys', async () => {
    const created = await t.call('PUT', '/v1/registries/brand-new', { key: 'write', json: {} });
    expect(created.status).toBe(403);
    expect((await t.call('GET', '/v1/registries/brand-new')).status).toBe(404);
    const described = await t.call('PUT', '/v1/registries/shop', {
      key: 'write',
      json: { description: 'renamed by a write key' },
    });
    expect(described.status).toBe(403);
    expect(
      (await t.call('PUT', '/v1/registries/brand-new', { json: { compatibility: 'FULL' } })).status,
    ).toBe(201);
    expect((await t.call('PUT', '/v1/registries/shop', { json: { description: 'by admin' } })).status).toBe(
      200,
    );
  });

  it('keeps a write key from creating a registry by registering into it', async () => {
    const path = '/v1/registries/made-by-write/schemas/orders/versions';
    const res = await t.call('POST', path, { key: 'write', json: { schema: orderPlacedV1 } });
    expect(res.status).toBe(403);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('forbidden');
    expect(problem.detail).toContain('PUT /v1/registries/made-by-write');
    expect((await t.call('GET', '/v1/registries/made-by-write')).status).toBe(404);

    // into a registry that exists, a write key registers new schemas and versions
    const fresh = '/v1/registries/shop/schemas/made-by-write/versions';
    expect((await t.call('POST', fresh, { key: 'write', json: { schema: orderPlacedV1 } })).status).toBe(201);
    // an admin key creates the registry as it registers
    expect((await t.call('POST', path, { json: { schema: orderPlacedV1 } })).status).toBe(201);
    expect((await t.call('POST', path, { key: 'write', json: { schema: orderPlacedV1 } })).status).toBe(200);
  });

  it('lets every key read /v1/quotas, and no key none', async () => {
    for (const key of Object.keys(scopeGrants) as KeyScope[]) {
      const res = await t.call('GET', '/v1/quotas', { key });
      expect(res.status, key).toBe(200);
      expect(await res.json()).toHaveProperty('limits');
    }
    expect((await t.call('GET', '/v1/quotas', { key: null })).status).toBe(401);
    const doc = (await (await t.call('GET', '/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-scope'?: string }>>;
    };
    expect(doc.paths['/v1/quotas']?.get?.['x-scope']).toBe('any');
  });
});
