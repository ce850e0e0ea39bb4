import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const deleteVersionRoute = schemasRoutes.deleteVersion;
export const deleteSchemaRoute = schemasRoutes.deleteSchema;

export const deleteVersion: RouteHandler<typeof deleteVersionRoute, AppEnv> = async (c) => {
  const { registry, name, version } = c.req.valid('param');
  const permanent = c.req.valid('query').permanent === 'true';
  await c.get('services').registry.deleteVersion(registry, name, Number(version), permanent);
  return c.body(null, 204);
};

export const deleteSchema: RouteHandler<typeof deleteSchemaRoute, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  const permanent = c.req.valid('query').permanent === 'true';
  await c.get('services').registry.deleteSchema(registry, name, permanent);
  return c.body(null, 204);
};
