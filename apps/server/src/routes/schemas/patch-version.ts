import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = schemasRoutes.patchVersion;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name, version } = c.req.valid('param');
  const view = await c
    .get('services')
    .registry.updateVersion(registry, name, Number(version), c.req.valid('json'));
  c.header('etag', view.etag);
  return c.json(view.document, 200);
};
