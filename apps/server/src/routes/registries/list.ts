import type { RouteHandler } from '@hono/zod-openapi';
import { registriesRoutes } from '@schemagate/api';
import { mayReach } from '../../middleware/auth.ts';
import type { AppEnv } from '../../mount.ts';

export const route = registriesRoutes.listRegistries;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const principal = c.get('principal');
  // a key limited to some registries sees only those, as if the others did not exist
  const items = (await c.get('services').registry.listRegistries()).filter((registry) =>
    mayReach(principal, registry.name),
  );
  return c.json({ items }, 200);
};
