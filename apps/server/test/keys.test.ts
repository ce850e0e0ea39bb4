/**
 * Keys over HTTP: an admin key that reaches every registry creates keys (the secret shown once), lists them
 * without secrets and with their last use, page by page, and revokes them so that they are refused from the next
 * request on, not after the key cache's time. Bad input is a 422 naming the member.
 */
import type { DatabaseHandle } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

interface Created {
  id: string;
  key: string;
  scope: string;
  name: string;
  registries: string[] | null;
  rateLimit: { perSecond: number; burst: number } | null;
  createdAt: string;
}

describe.each(eachDatabase())('keys over HTTP ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;

  beforeAll(async () => {
    handle = await database.create();
    // an hour of key cache: a revoked key refused at once was not merely forgotten by the cache
    t = await startTestApp(handle, { SCHEMAGATE_KEY_CACHE_SECONDS: '3600' });
  });
  afterAll(() => t.close());

  const create = async (body: unknown) => {
    const res = await t.call('POST', '/v1/keys', { json: body });
    return { status: res.status, body: (await res.json()) as Created & Record<string, unknown>, res };
  };
  const as = (key: string, path: string, method = 'GET') =>
    t.app.request(path, { method, headers: { authorization: `Bearer ${key}` } });

  it('creates a key with its limits and shows the secret once', async () => {
    const { status, body, res } = await create({
      scope: 'validate',
      name: 'orders producer',
      registries: ['orders', 'billing', 'orders'],
      rateLimit: { perSecond: 50, burst: 100 },
    });
    expect(status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/keys/${body.id}`);
    expect(body).toEqual({
      id: expect.any(String),
      key: expect.stringMatching(/^sg_[A-Za-z0-9_-]{43}$/),
      scope: 'validate',
      name: 'orders producer',
      registries: ['billing', 'orders'],
      rateLimit: { perSecond: 50, burst: 100 },
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(body.createdAt))).toBe(false);

    const listed = (await (await t.call('GET', '/v1/keys')).json()) as { items: Record<string, unknown>[] };
    const item = listed.items.find((k) => k.id === body.id);
    expect(item).toEqual({
      id: body.id,
      name: 'orders producer',
      prefix: body.key.slice(0, 12),
      scope: 'validate',
      registries: ['billing', 'orders'],
      rateLimit: { perSecond: 50, burst: 100 },
      createdAt: body.createdAt,
      lastUsedAt: null,
    });
    // no secret, nor its hash, in a listing
    expect(JSON.stringify(listed)).not.toContain(body.key.slice(12));
    expect(JSON.stringify(listed)).not.toContain('hash');
    // /v1/quotas tells the key what it is, so a client (the console) offers only what it may do
    const quotas = await as(body.key, '/v1/quotas');
    expect(quotas.status).toBe(200);
    expect(((await quotas.json()) as { key: unknown }).key).toEqual({
      id: body.id,
      scope: 'validate',
      registries: ['billing', 'orders'],
    });
  });

  it('names a key by its scope when no name is given, and records when a key was last used', async () => {
    const { body } = await create({ scope: 'read' });
    expect(body).toMatchObject({ name: 'read key', registries: null, rateLimit: null });
    const lastUsed = async () =>
      (
        (await (await t.call('GET', '/v1/keys?limit=1000')).json()) as { items: Record<string, unknown>[] }
      ).items.find((k) => k.id === body.id)?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await as(body.key, '/v1/registries')).status).toBe(200);
    await expect.poll(lastUsed, { timeout: 3000 }).toEqual(expect.any(String));
    // coarse: further requests within the minute write nothing
    const first = await lastUsed();
    for (let i = 0; i < 5; i++) expect((await as(body.key, '/v1/registries')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await lastUsed()).toBe(first);
  });

  it('lists keys page by page with nextCursor, every live key once', async () => {
    for (let i = 0; i < 5; i++) await create({ scope: 'read', name: `page ${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.call('GET', `/v1/keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { id: string }[]; nextCursor?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((k) => k.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const all = (await (await t.call('GET', '/v1/keys')).json()) as { items: { id: string }[] };
    expect(seen).toEqual(all.items.map((k) => k.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 2));
    const bad = await t.call('GET', '/v1/keys?cursor=not-ours!');
    expect(bad.status).toBe(422);
  });

  it('revokes a key: refused from the next request on, gone from the list, 404 the second time', async () => {
    const { body } = await create({ scope: 'read', name: 'short-lived' });
    // cached now, for an hour
    expect((await as(body.key, '/v1/registries')).status).toBe(200);
    const revoked = await t.call('DELETE', `/v1/keys/${body.id}`);
    expect(revoked.status).toBe(204);
    const refused = await as(body.key, '/v1/registries');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'invalid_key' });
    const listed = (await (await t.call('GET', '/v1/keys?limit=1000')).json()) as { items: { id: string }[] };
    expect(listed.items.map((k) => k.id)).not.toContain(body.id);
    const again = await t.call('DELETE', `/v1/keys/${body.id}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'not_found' });
  });

  it.each([
    [{ scope: 'root' }, '/scope'],
    [{}, '/scope'],
    [{ scope: 'read', registries: [] }, '/registries'],
    [{ scope: 'read', registries: ['bad name!'] }, '/registries/0'],
    [{ scope: 'read', registries: 'orders' }, '/registries'],
    [{ scope: 'read', name: '' }, '/name'],
    [{ scope: 'read', name: 'tab\there' }, '/name'],
    [{ scope: 'read', name: ' padded' }, '/name'],
    [{ scope: 'read', name: 'x'.repeat(201) }, '/name'],
    [{ scope: 'read', rateLimit: { perSecond: 0, burst: 10 } }, '/rateLimit/perSecond'],
    [{ scope: 'read', rateLimit: { perSecond: -5, burst: 10 } }, '/rateLimit/perSecond'],
    [{ scope: 'read', rateLimit: { perSecond: 5, burst: 0 } }, '/rateLimit/burst'],
    [{ scope: 'read', rateLimit: { perSecond: 5, burst: 1.5 } }, '/rateLimit/burst'],
    [{ scope: 'read', rateLimit: { perSecond: 5 } }, '/rateLimit/burst'],
    [{ scope: 'read', rateLimit: { perSecond: 5, burst: 5, window: 1 } }, '/rateLimit'],
    [{ scope: 'read', owner: 'me' }, ''],
  ])('refuses %j with a 422 naming %s', async (body, pointer) => {
    const { status, body: problem } = await create(body);
    expect(status).toBe(422);
    expect(problem).toMatchObject({ code: 'invalid_request' });
    const paths = (problem.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain(pointer === '' ? '/' : pointer);
  });

  it('takes an admin key that reaches every registry: other scopes get 403, a limited admin too', async () => {
    for (const scope of ['write', 'validate', 'read'] as const) {
      for (const [method, path] of [
        ['POST', '/v1/keys'],
        ['GET', '/v1/keys'],
        ['DELETE', '/v1/keys/anything'],
      ] as const) {
        const res = await t.call(method, path, {
          key: scope,
          ...(method === 'POST' ? { json: { scope: 'read' } } : {}),
        });
        expect(res.status).toBe(403);
      }
    }
    const { body: limited } = await create({ scope: 'admin', registries: ['orders'] });
    const escalate = await t.app.request('/v1/keys', {
      method: 'POST',
      headers: { authorization: `Bearer ${limited.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'admin' }),
    });
    expect(escalate.status).toBe(403);
    expect(await escalate.json()).toMatchObject({
      code: 'forbidden',
      detail: expect.stringContaining('every registry'),
    });
    expect((await as(limited.key, '/v1/keys')).status).toBe(403);
    expect((await as(limited.key, `/v1/keys/${limited.id}`, 'DELETE')).status).toBe(403);
  });

  it('documents the routes in /openapi.json under the admin scope', async () => {
    const doc = (await (await t.call('GET', '/openapi.json', { key: null })).json()) as {
      paths: Record<string, Record<string, { 'x-scope'?: string }>>;
    };
    expect(doc.paths['/v1/keys']?.post?.['x-scope']).toBe('admin');
    expect(doc.paths['/v1/keys']?.get?.['x-scope']).toBe('admin');
    expect(doc.paths['/v1/keys/{id}']?.delete?.['x-scope']).toBe('admin');
  });
});
