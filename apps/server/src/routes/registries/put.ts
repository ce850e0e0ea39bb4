import type { RouteHandler } from '@hono/zod-openapi';
import { registriesRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = registriesRoutes.putRegistry;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry } = c.req.valid('param');
  const { created, registry: row } = await c
    .get('services')
    .registry.putRegistry(registry, c.req.valid('json'));
  return c.json(row, created ? 201 : 200);
};
