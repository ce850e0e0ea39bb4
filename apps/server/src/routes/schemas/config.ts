import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../env.ts';

export const getRoute = schemasRoutes.getSchemaConfig;
export const putRoute = schemasRoutes.putSchemaConfig;

export const getConfig: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  return c.json(await c.get('services').registry.getSchemaConfig(registry, name), 200);
};

export const putConfig: RouteHandler<typeof putRoute, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  return c.json(await c.get('services').registry.putSchemaConfig(registry, name, c.req.valid('json')), 200);
};
