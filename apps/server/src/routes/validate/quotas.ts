import type { RouteHandler } from '@hono/zod-openapi';
import { validationRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import { quotasFor } from '../../rate-limit/server-limits.ts';

export const route = validationRoutes.getQuotas;

/** The server's limits, and the calling key's own: its token bucket as this replica holds it. */
export const handler: RouteHandler<typeof route, AppEnv> = (c) => {
  const { validation, limits, config, gate } = c.get('services');
  return c.json(
    {
      ...validation.quotas,
      ...quotasFor(limits, c.get('principal'), config.SCHEMAGATE_AUTH === 'off'),
      ...(gate ? { idempotency: gate.idempotencyQuota } : {}),
    },
    200,
  );
};
