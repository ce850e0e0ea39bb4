import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import { AppError } from '../../errors.ts';
import { isAdmin } from '../../middleware/auth.ts';
import type { AppEnv } from '../../mount.ts';

export const route = schemasRoutes.registerVersion;

/**
 * Registering into a registry that does not exist creates it, with its default settings: that takes `admin`, as
 * `PUT /v1/registries/{registry}` does; a `write` key registers into registries that exist.
 */
export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  const { registry: service, limits, config } = c.get('services');
  const principal = c.get('principal');
  // registrations a minute, per key: taken before any work is spent on the schema
  if (limits.registrations && principal && config.SCHEMAGATE_AUTH !== 'off')
    limits.registrations.admit({ id: principal.id });
  if (!isAdmin(principal)) {
    const exists = await service.getRegistry(registry).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return false;
        throw error;
      },
    );
    if (!exists) {
      throw new AppError('forbidden', {
        detail: `There is no registry \`${registry}\`, and creating one needs a key with the \`admin\` scope (PUT /v1/registries/${registry})`,
      });
    }
  }
  const { created, result } = await service.registerVersion(registry, name, c.req.valid('json'));
  c.header('location', `/v1/registries/${registry}/schemas/${name}/versions/${result.version}`);
  return c.json(result, created ? 201 : 200);
};
