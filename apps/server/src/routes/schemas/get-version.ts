import { schemasRoutes } from '@schemagate/api';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { readHeader } from '../../middleware/read-header.ts';
import { checkInput } from '../input.ts';
import { parseVersionParam } from './version-param.ts';

export const route = schemasRoutes.getVersion;

/** Answers with bytes serialized once per version, so a read costs a map lookup and a write. */
export async function handler(c: Context<AppEnv>): Promise<Response> {
  const { registry, name, version } = checkInput(route.request.params, c.req.param());
  const view = await c.get('services').registry.readVersion(registry, name, parseVersionParam(version));
  const headers = { etag: view.etag, 'cache-control': 'no-cache' };
  if (readHeader(c, 'if-none-match') === view.etag) return c.body(null, 304, headers);
  return c.body(view.body, 200, { ...headers, 'content-type': 'application/json' });
}
