import type { RouteHandler } from '@hono/zod-openapi';
import { validationRoutes } from '@schemagate/api';
import type { AppEnv } from '../../mount.ts';

export const route = validationRoutes.getQuotas;

export const handler: RouteHandler<typeof route, AppEnv> = (c) =>
  c.json(c.get('services').validation.quotas, 200);
