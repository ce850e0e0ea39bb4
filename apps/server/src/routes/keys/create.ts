import type { RouteHandler } from '@hono/zod-openapi';
import { keysRoutes } from '@schemagate/api';
import { apiKeyView } from '@schemagate/db';
import type { AppEnv } from '../../mount.ts';
import { keyAdminFor } from './view.ts';

export const route = keysRoutes.createKey;

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const admin = keyAdminFor(c);
  const body = c.req.valid('json');
  // one entry per registry, in a stable order: a set, as the key's check treats it
  const registries = body.registries ? [...new Set(body.registries)].sort() : null;
  const name = body.name ?? `${body.scope} key`;
  const { plaintext, row } = await admin.issue(body.scope, name, {
    registries,
    rateLimit: body.rateLimit ?? null,
  });
  const { prefix: _prefix, lastUsedAt: _lastUsedAt, ...view } = apiKeyView(row);
  c.header('location', `/v1/keys/${row.id}`);
  return c.json({ ...view, key: plaintext }, 201);
};
