import type { RouteHandler } from '@hono/zod-openapi';
import { keysRoutes } from '@schemagate/api';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../mount.ts';
import { keyAdminFor } from './view.ts';

export const route = keysRoutes.revokeKey;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const admin = keyAdminFor(c);
  const { id } = c.req.valid('param');
  if (!(await admin.revoke(id))) throw new AppError('not_found', { detail: `No live key with id ${id}` });
  c.get('services').limits.rate.forget(id);
  return c.body(null, 204);
};
