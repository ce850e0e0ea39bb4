import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import type { AppEnv } from '../../env.ts';
import { parseVersionParam } from './version-param.ts';

export const route = schemasRoutes.getVersion;

/** Answers with bytes serialized once per version, so a read costs a map lookup and a write. */
export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name, version } = c.req.valid('param');
  const view = await c.var.services.registry.readVersion(registry, name, parseVersionParam(version));
  const headers = { etag: view.etag, 'cache-control': 'no-cache' };
  if (c.req.header('if-none-match') === view.etag) return c.body(null, 304, headers);
  return c.body(view.body, 200, { ...headers, 'content-type': 'application/json' });
};
