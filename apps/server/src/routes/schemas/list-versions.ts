import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = schemasRoutes.listVersions;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  return c.json({ items: await c.get('services').registry.listVersions(registry, name) }, 200);
};
