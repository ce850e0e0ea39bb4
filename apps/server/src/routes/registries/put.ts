import type { RouteHandler } from '@hono/zod-openapi';
import { registriesRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = registriesRoutes.putRegistry;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry } = c.req.valid('param');
  const { registry: registries, gate } = c.get('services');
  const { created, registry: row } = await registries.putRegistry(registry, c.req.valid('json'));
  // the gate reads the dead-letter policy and the key pointer from here on, not after its cache expires
  gate?.forgetRegistry(registry);
  return c.json(row, created ? 201 : 200);
};
