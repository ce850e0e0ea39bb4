import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { AUTH_PROBLEM_CODES, isProblemCode, PROBLEM_CODES, registriesRoutes } from '../src/index.ts';

describe('problem codes', () => {
  it('are one closed list without repeats, and the 401 codes are among them', () => {
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
    for (const code of AUTH_PROBLEM_CODES) expect(PROBLEM_CODES).toContain(code);
  });

  it('isProblemCode takes only the listed codes, not strings that merely exist on objects', () => {
    for (const code of PROBLEM_CODES) expect(isProblemCode(code)).toBe(true);
    for (const other of [
      'toString',
      'constructor',
      '__proto__',
      'NOT_FOUND',
      'http_502',
      '',
      404,
      undefined,
    ]) {
      expect(isProblemCode(other), String(other)).toBe(false);
    }
  });

  it('are listed in the OpenAPI document as the type of Problem.code', () => {
    const app = new OpenAPIHono();
    for (const route of Object.values(registriesRoutes))
      app.openapi(route, (c) => c.body(null, 204) as never);
    const doc = app.getOpenAPIDocument({ openapi: '3.0.3', info: { title: 't', version: '1' } });
    const schemas = doc.components?.schemas ?? {};
    expect(schemas.ProblemCode).toMatchObject({ type: 'string', enum: [...PROBLEM_CODES] });
    expect(schemas.Problem).toMatchObject({
      properties: { code: { $ref: '#/components/schemas/ProblemCode' } },
    });
  });
});
