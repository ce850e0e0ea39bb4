import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = schemasRoutes.checkCompatibility;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  return c.json(await c.get('services').registry.checkCandidate(registry, name, c.req.valid('json')), 200);
};
