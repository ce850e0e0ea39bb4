import type { RouteHandler } from '@hono/zod-openapi';
import { registriesRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = registriesRoutes.listRegistries;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const items = await c.get('services').registry.listRegistries();
  return c.json({ items }, 200);
};
