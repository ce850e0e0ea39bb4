import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { registriesRoutes, schemasRoutes, validationRoutes } from '../src/index.ts';

const routes = [
  ...Object.values(registriesRoutes),
  ...Object.values(schemasRoutes),
  ...Object.values(validationRoutes),
];

describe('route declarations', () => {
  it('declare each method and path once, with a scope', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of routes) {
      expect(['admin', 'write', 'validate', 'read', 'any']).toContain(route['x-scope']);
    }
  });

  it('declare the auth failures and bearer security on every keyed route', () => {
    for (const route of routes) {
      expect(Object.keys(route.responses), `${route.method} ${route.path}`).toEqual(
        expect.arrayContaining(['401', '403']),
      );
      expect((route as { security?: unknown }).security).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('produce an OpenAPI document with every path and the scope of each operation', () => {
    const app = new OpenAPIHono();
    for (const route of routes) app.openapi(route, (c) => c.body(null, 204) as never);
    const doc = app.getOpenAPIDocument({ openapi: '3.0.3', info: { title: 't', version: '1' } });
    const paths = doc.paths ?? {};
    for (const route of routes) {
      const operation = (paths[route.path] as Record<string, { 'x-scope'?: string }> | undefined)?.[
        route.method
      ];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.['x-scope']).toBe(route['x-scope']);
    }
  });
});
