import {
  AUTH_PROBLEM_CODES,
  keysRoutes,
  registriesRoutes,
  schemasRoutes,
  validationRoutes,
} from '@schemagate/api';
import { createKeyStore, type DatabaseHandle, keyPrefix } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantTimeEqual, type KeyScope, scopeAllows, scopeGrants } from '../src/middleware/auth.ts';
import { startTestApp, type TestApp } from './harness.ts';

type Declared = { method: string; path: string; 'x-scope': KeyScope | 'any' };
const declared: Declared[] = [
  ...Object.values(registriesRoutes),
  ...Object.values(schemasRoutes),
  ...Object.values(validationRoutes),
  ...Object.values(keysRoutes),
  { method: 'get', path: '/metrics', 'x-scope': 'read' },
] as Declared[];

const concretePath = (path: string) =>
  path
    .replace('{registry}', 'shop')
    .replace('{name}', 'com.shop.orders@OrderPlaced')
    .replace('{version}', '1')
    .replace('{id}', 'no-such-key');

const body = (route: Declared) =>
  ['post', 'put', 'patch'].includes(route.method) ? JSON.stringify({ event: {}, schema: {} }) : undefined;

const scopes = Object.keys(scopeGrants) as KeyScope[];

describe.each(eachDatabase())('every route checks the key ($name)', (database) => {
  let t: TestApp;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle);
  });
  afterAll(() => t?.close());

  it('declares a scope on every route', () => {
    expect(declared.length).toBeGreaterThanOrEqual(17);
    for (const route of declared) expect([...scopes, 'any']).toContain(route['x-scope']);
  });

  const cases = declared.flatMap((route) => [
    { route, key: undefined as KeyScope | undefined, status: 401, code: 'missing_key' },
    { route, key: 'invalid' as const, status: 401, code: 'invalid_key' },
    ...scopes
      .filter((scope) => !scopeAllows(scope, route['x-scope']))
      .map((scope) => ({
        route,
        key: scope as KeyScope | 'invalid' | undefined,
        status: 403,
        code: 'forbidden',
      })),
  ]);

  it.each(
    cases.map(
      (c) => [`${c.route.method.toUpperCase()} ${c.route.path} with ${c.key ?? 'no'} key`, c] as const,
    ),
  )('refuses %s', async (_label, { route, key, status, code }) => {
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
    expect(problem.code).toBe(code);
  });

  it('tells a request that sent no key from one whose key is wrong', async () => {
    const keys = createKeyStore(handle.db);
    const revoked = await keys.create('read', 'revoked at once');
    expect(await keys.revoke(keyPrefix(revoked))).toBe(true);
    const answers = [
      [undefined, 'missing_key'],
      ['', 'missing_key'],
      ['Bearer', 'missing_key'],
      ['Bearer    ', 'missing_key'],
      ['Basic dXNlcjpwYXNz', 'missing_key'],
      [t.keys.admin, 'missing_key'],
      ['Bearer sg_not-a-real-key-at-all', 'invalid_key'],
      ['bearer sg_not-a-real-key-at-all', 'invalid_key'],
      ['Bearer not-even-shaped-like-a-key', 'invalid_key'],
      [`Bearer ${'sg_'.padEnd(300, 'x')}`, 'invalid_key'],
      [`Bearer ${revoked}`, 'invalid_key'],
    ] as const;
    for (const [authorization, code] of answers) {
      const res = await t.app.request('/v1/registries', {
        headers: authorization === undefined ? {} : { authorization },
      });
      const label = `Authorization: ${authorization ?? '(none)'}`;
      expect(res.status, label).toBe(401);
      expect(((await res.json()) as { code: string }).code, label).toBe(code);
      // RFC 6750: a request without a token gets the bare challenge, a bad token names the error
      expect(res.headers.get('www-authenticate'), label).toBe(
        code === 'missing_key'
          ? 'Bearer realm="schemagate"'
          : 'Bearer realm="schemagate", error="invalid_token"',
      );
    }
  });

  it('documents both 401 codes on every route that needs a key', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    // AuthProblem is Problem with a closed `code`
    expect(doc.components.schemas.AuthProblem).toMatchObject({
      allOf: [
        { $ref: '#/components/schemas/Problem' },
        { properties: { code: { type: 'string', enum: [...AUTH_PROBLEM_CODES] } } },
      ],
    });
    for (const route of declared.filter((r) => r.path.startsWith('/v1/'))) {
      const path = route.path.replace(/\{(\w+)\}/g, '{$1}');
      expect(doc.paths[path]?.[route.method]?.responses['401'], `${route.method} ${path}`).toMatchObject({
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/AuthProblem' } } },
      });
    }
  });

  it('lets every scope through to the routes it grants', async () => {
    for (const route of declared) {
      for (const scope of scopes.filter((s) => scopeAllows(s, route['x-scope']))) {
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
