import type { RouteHandler } from '@hono/zod-openapi';
import { validationRoutes } from '@schemagate/api';
import type { AppEnv } from '../../env.ts';
import { AppError } from '../../errors.ts';

export const route = validationRoutes.validateBatch;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { maxEvents } = c.var.services.validation.quotas.batch;
  if (body.events.length > maxEvents) {
    throw new AppError('payload_too_large', {
      detail: `A batch holds at most ${maxEvents} events; this one has ${body.events.length}`,
    });
  }
  const results = await c.var.services.validation.validateMany(body.events, body);
  let failedCount = 0;
  for (const result of results) if (!result.valid) failedCount++;
  return c.json({ failedCount, results }, 200);
};
