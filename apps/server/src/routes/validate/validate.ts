import type { RouteHandler } from '@hono/zod-openapi';
import { validationRoutes } from '@schemagate/api';
import type { AppEnv } from '../../env.ts';
import { AppError } from '../../errors.ts';

export const route = validationRoutes.validate;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  if (!('event' in body))
    throw new AppError('invalid_request', { detail: 'The body needs an `event` member' });
  const result = await c.var.services.validation.validateOne(body.event, body);
  return c.json(result, 200);
};
