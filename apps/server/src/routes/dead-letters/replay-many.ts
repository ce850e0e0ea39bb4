import type { RouteHandler } from '@hono/zod-openapi';
import { deadLettersRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';

export const route = deadLettersRoutes.replayDeadLetters;

export const handler =
  (gate: GateService): RouteHandler<typeof route, AppEnv> =>
  async (c) =>
    c.json(await gate.replayMany(c.req.valid('json'), c.get('principal')?.registries), 200);
