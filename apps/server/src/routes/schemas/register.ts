import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../env.ts';

export const route = schemasRoutes.registerVersion;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  const { created, result } = await c
    .get('services')
    .registry.registerVersion(registry, name, c.req.valid('json'));
  c.header('location', `/v1/registries/${registry}/schemas/${name}/versions/${result.version}`);
  return c.json(result, created ? 201 : 200);
};
