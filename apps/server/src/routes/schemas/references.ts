import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import { parseVersionParam } from './version-param.ts';

export const route = schemasRoutes.getReferences;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name, version } = c.req.valid('param');
  return c.json(
    await c.get('services').registry.versionReferences(registry, name, parseVersionParam(version)),
    200,
  );
};
