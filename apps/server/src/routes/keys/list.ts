import type { RouteHandler } from '@hono/zod-openapi';
import { keysRoutes } from '@schemagate/api';
import { apiKeyView } from '@schemagate/db';
import type { AppEnv } from '../../mount.ts';
import { keyAdminFor } from './view.ts';

export const route = keysRoutes.listKeys;

const DEFAULT_PAGE = 100;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const admin = keyAdminFor(c);
  const { limit, cursor } = c.req.valid('query');
  const page = await admin.listLive({ limit: limit ?? DEFAULT_PAGE, ...(cursor ? { cursor } : {}) });
  return c.json(
    { items: page.items.map(apiKeyView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    200,
  );
};
