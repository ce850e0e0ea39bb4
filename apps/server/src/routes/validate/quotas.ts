import type { RouteHandler } from '@hono/zod-openapi';
import { validationRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import { quotasFor } from '../../rate-limit/server-limits.ts';

export const route = validationRoutes.getQuotas;

/** The server's limits, and the calling key's own: its scope, its registries, its token bucket as this replica holds it. */
export const handler: RouteHandler<typeof route, AppEnv> = (c) => {
  const { validation, limits, config, gate } = c.get('services');
  const principal = c.get('principal');
  const authOff = config.SCHEMAGATE_AUTH === 'off';
  return c.json(
    {
      ...validation.quotas,
      // with authentication off every caller acts as one admin, which has no key id
      key: {
        id: authOff ? null : (principal?.id ?? null),
        scope: authOff ? ('admin' as const) : (principal?.scope ?? 'read'),
        registries: principal?.registries ? [...principal.registries] : null,
      },
      ...quotasFor(limits, principal, authOff),
      ...(gate ? { idempotency: gate.idempotencyQuota } : {}),
    },
    200,
  );
};
