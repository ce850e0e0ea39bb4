import type { RouteHandler } from '@hono/zod-openapi';
import { schemasRoutes } from '@schemagate/api';
import { type CompatibilityMode, type CompatibilityPolicy, directionsOf } from '@schemagate/core';
import { AppError } from '../../errors.ts';
import { isAdmin } from '../../middleware/auth.ts';
import type { AppEnv } from '../../mount.ts';

export const getRoute = schemasRoutes.getSchemaConfig;
export const putRoute = schemasRoutes.putSchemaConfig;

interface SchemaConfig {
  compatibility: CompatibilityMode;
  policy: CompatibilityPolicy;
}

/**
 * How `next` checks less than `current`, in words, or undefined when it checks at least as much: it drops a
 * direction (BACKWARD -> NONE, FULL -> BACKWARD, BACKWARD -> FORWARD), compares with the latest version only
 * where every version was compared (BACKWARD_TRANSITIVE -> BACKWARD), or goes from `strict` to `lenient`.
 */
export function weakening(current: SchemaConfig, next: SchemaConfig): string | undefined {
  const reasons: string[] = [];
  const before = directionsOf(current.compatibility);
  const after = directionsOf(next.compatibility);
  const dropped = before.filter((direction) => !after.includes(direction));
  const transitive = (mode: CompatibilityMode) => mode.endsWith('_TRANSITIVE');
  if (dropped.length > 0 || (transitive(current.compatibility) && !transitive(next.compatibility))) {
    reasons.push(`compatibility ${current.compatibility} -> ${next.compatibility}`);
  }
  if (current.policy === 'strict' && next.policy === 'lenient') reasons.push('policy strict -> lenient');
  return reasons.length > 0 ? reasons.join(', ') : undefined;
}

export const getConfig: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  return c.json(await c.get('services').registry.getSchemaConfig(registry, name), 200);
};

/**
 * A `write` key may make a schema's checks stricter; making them weaker needs `admin`, or a key refused a
 * breaking version could set NONE and register it a moment later.
 */
export const putConfig: RouteHandler<typeof putRoute, AppEnv> = async (c) => {
  const { registry, name } = c.req.valid('param');
  const patch = c.req.valid('json');
  const service = c.get('services').registry;
  if (!isAdmin(c.get('principal'))) {
    const current = await service.getSchemaConfig(registry, name);
    const weaker = weakening(current, { ...current, ...patch });
    if (weaker) {
      throw new AppError('forbidden', {
        detail: `${weaker} makes ${registry}/${name} check less: weakening a schema's checks needs a key with the \`admin\` scope`,
      });
    }
  }
  return c.json(await service.putSchemaConfig(registry, name, patch), 200);
};
