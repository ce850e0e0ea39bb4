import type { RouteHandler } from '@hono/zod-openapi';
import { registriesRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = registriesRoutes.getRegistry;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry } = c.req.valid('param');
  return c.json(await c.get('services').registry.getRegistry(registry), 200);
};
