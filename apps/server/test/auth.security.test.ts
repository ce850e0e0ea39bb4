import { registriesRoutes, schemasRoutes, validationRoutes } from '@schemagate/api';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantTimeEqual, type KeyScope, scopeGrants } from '../src/middleware/auth.ts';
import { startTestApp, type TestApp } from './harness.ts';

type Declared = { method: string; path: string; 'x-scope': string };
const declared: Declared[] = [
  ...Object.values(registriesRoutes),
  ...Object.values(schemasRoutes),
  ...Object.values(validationRoutes),
  { method: 'get', path: '/metrics', 'x-scope': 'read' },
] as Declared[];

const concretePath = (path: string) =>
  path
    .replace('{registry}', 'shop')
    .replace('{name}', 'com.shop.orders@OrderPlaced')
    .replace('{version}', '1');

const body = (route: Declared) =>
  ['post', 'put', 'patch'].includes(route.method) ? JSON.stringify({ event: {}, schema: {} }) : undefined;

const scopes = Object.keys(scopeGrants) as KeyScope[];

describe.each(eachDatabase())('every route checks the key ($name)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await database.create());
  });
  afterAll(() => t?.close());

  it('declares a scope on every route', () => {
    expect(declared.length).toBeGreaterThanOrEqual(17);
    for (const route of declared) expect(scopes).toContain(route['x-scope']);
  });

  const cases = declared.flatMap((route) => [
    { route, key: undefined as KeyScope | undefined, status: 401 },
    { route, key: 'invalid' as const, status: 401 },
    ...scopes
      .filter((scope) => !scopeGrants[scope].has(route['x-scope'] as KeyScope))
      .map((scope) => ({ route, key: scope as KeyScope | 'invalid' | undefined, status: 403 })),
  ]);

  it.each(
    cases.map(
      (c) => [`${c.route.method.toUpperCase()} ${c.route.path} with ${c.key ?? 'no'} key`, c] as const,
    ),
  )('refuses %s', async (_label, { route, key, status }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key === 'invalid') headers.authorization = 'Bearer sg_not-a-real-key-at-all';
    else if (key) headers.authorization = `Bearer ${t.keys[key]}`;
    const res = await t.app.request(concretePath(route.path), {
      method: route.method.toUpperCase(),
      headers,
      body: body(route),
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; status: number };
    expect(problem.status).toBe(status);
    expect(problem.code).toBe(status === 401 ? 'unauthorized' : 'forbidden');
  });

  it('lets every scope through to the routes it grants', async () => {
    for (const route of declared) {
      for (const scope of scopes.filter((s) => scopeGrants[s].has(route['x-scope'] as KeyScope))) {
        const res = await t.app.request(concretePath(route.path), {
          method: route.method.toUpperCase(),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys[scope]}` },
          body: body(route),
        });
        expect([401, 403], `${scope} on ${route.method} ${route.path}`).not.toContain(res.status);
      }
    }
  });

  it('keeps health, docs and the OpenAPI document public', async () => {
    for (const path of ['/healthz', '/readyz', '/docs', '/openapi.json']) {
      expect((await t.app.request(path)).status, path).toBe(200);
    }
  });

  it('refuses a key that shares the public prefix of a real key, before and after the real one was used', async () => {
    const real = t.keys.admin;
    const forged = `${real.slice(0, -4)}${real.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const call = (key: string) =>
      t.app.request('/v1/registries', { headers: { authorization: `Bearer ${key}` } });
    expect((await call(forged)).status).toBe(401);
    expect((await call(real)).status).toBe(200);
    expect((await call(real)).status).toBe(200);
    expect((await call(forged)).status).toBe(401);
    expect((await call(real.slice(0, -1))).status).toBe(401);
    expect((await call(`${real}A`)).status).toBe(401);
  });
});

describe('constantTimeEqual', () => {
  it('compares text, whatever the length', () => {
    expect(constantTimeEqual('sg_abc', 'sg_abc')).toBe(true);
    expect(constantTimeEqual('sg_abc', 'sg_abd')).toBe(false);
    expect(constantTimeEqual('sg_abc', 'sg_ab')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('é', 'e')).toBe(false);
  });
});
