import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = schemasRoutes.listSchemas;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry } = c.req.valid('param');
  const page = await c.get('services').registry.listSchemas(registry, c.req.valid('query'));
  return c.json(page, 200);
};
