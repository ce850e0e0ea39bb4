import type { RouteHandler } from '@hono/zod-openapi';
import { deadLettersRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';

export const route = deadLettersRoutes.deleteDeadLetter;

export const handler =
  (gate: GateService): RouteHandler<typeof route, AppEnv> =>
  async (c) => {
    await gate.deleteDeadLetter(c.req.valid('param').id, c.get('principal')?.registries);
    return c.body(null, 204);
  };
