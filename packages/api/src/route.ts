import { createRoute, type z } from '@hono/zod-openapi';
import type { KeyScope } from '@schemagate/core';
import { AuthProblem, Problem } from './models.ts';

/** The key scope a route needs: `any` takes a live key of any scope, `public` needs none. */
export type RouteScope = KeyScope | 'any' | 'public';

function problem(description: string): ProblemResponse<typeof Problem>;
function problem<S extends z.ZodType>(description: string, schema: S): ProblemResponse<S>;
function problem(description: string, schema: z.ZodType = Problem) {
  return { description, content: { 'application/problem+json': { schema } } };
}
type ProblemResponse<S> = { description: string; content: { 'application/problem+json': { schema: S } } };

const commonProblems = {
  400: problem('Malformed request'),
  401: problem(
    'No API key was sent (`missing_key`), or it is unknown or revoked (`invalid_key`)',
    AuthProblem,
  ),
  403: problem('The key lacks the scope this route needs'),
  413: problem('Body over the size limit'),
  429: problem('Quota exceeded'),
};

type RouteConfig = Parameters<typeof createRoute>[0];

/**
 * Declares a route once: the server mounts it, `/openapi.json` documents it and the SDK derives its types
 * from it. `x-scope` names the key scope the route needs (`any`: any live key); `public` routes need no key.
 *
 * @example
 * export const getRegistry = defineRoute('read', { method: 'get', path: '/v1/registries/{registry}', ... });
 */
export function defineRoute<const C extends RouteConfig>(scope: RouteScope, config: C) {
  return createRoute({
    ...config,
    'x-scope': scope,
    ...(scope === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
    responses: { ...(scope === 'public' ? {} : commonProblems), ...config.responses },
  } as C & { 'x-scope': RouteScope });
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export { problem };
