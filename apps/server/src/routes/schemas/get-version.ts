import { schemasRoutes } from '@schemagate/api';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { readHeader } from '../../middleware/read-header.ts';
import { checkInput } from '../input.ts';
import { parseVersionParam } from './version-param.ts';

export const route = schemasRoutes.getVersion;

/**
 * Answers with bytes serialized once per version, so a read costs a map lookup and a write. The Response is built
 * with a plain header object held by the view: @hono/node-server writes such headers as they are, where
 * `c.body(…, headers)` with several headers would build a WHATWG Headers object and read it back on every read.
 */
export async function handler(c: Context<AppEnv>): Promise<Response> {
  const { registry, name, version } = checkInput(route.request.params, c.req.param());
  const found = c.get('services').registry.readVersion(registry, name, parseVersionParam(version));
  const view = found instanceof Promise ? await found : found;
  if (readHeader(c, 'if-none-match') === view.etag) {
    return new Response(null, { status: 304, headers: view.headers.notModified });
  }
  return new Response(view.body, { status: 200, headers: view.headers.ok });
}
