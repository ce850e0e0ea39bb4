import type { RouteHandler } from '@hono/zod-openapi';
import { deadLettersRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';

export const route = deadLettersRoutes.replayDeadLetter;

/** 202 with the new outbox row, or 422 `event_invalid` with the errors the letter is now kept with. */
export const handler =
  (gate: GateService): RouteHandler<typeof route, AppEnv> =>
  async (c) =>
    (await gate.replayOne(c.req.valid('param').id, c.get('principal')?.registries, c.req.path)) as never;
