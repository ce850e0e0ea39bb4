import type { RouteHandler } from '@hono/zod-openapi';
import { deadLettersRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';

export const route = deadLettersRoutes.listDeadLetters;

export const handler =
  (gate: GateService): RouteHandler<typeof route, AppEnv> =>
  async (c) =>
    c.json(await gate.listDeadLetters(c.req.valid('query'), c.get('principal')?.registries), 200);
