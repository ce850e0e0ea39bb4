import { schemasRoutes } from '@schemagate/api';
import { LruCache } from '@schemagate/core';
import type { Context } from 'hono';
import { readHeader } from '../../middleware/read-header.ts';
import type { AppEnv } from '../../mount.ts';
import type { VersionView } from '../../services/version-views.ts';
import { checkInput } from '../input.ts';
import { parseVersionParam } from './version-param.ts';

export const route = schemasRoutes.getVersion;

type Params = ReturnType<typeof readParams>;
const readParams = (c: Context) => checkInput(route.request.params, c.req.param());

/** Paths already checked against the declared parameters, so a repeated read skips decoding and checking them. */
const checkedPaths = new LruCache<string, Params>({ max: 4096 });

/**
 * Answers with bytes serialized once per version, so a read costs a map lookup and a write. The Response is built
 * with a plain header object held by the view: @hono/node-server writes such headers as they are, where
 * `c.body(…, headers)` with several headers would build a WHATWG Headers object and read it back on every read.
 */
export function handler(c: Context<AppEnv>): Response | Promise<Response> {
  let params = checkedPaths.get(c.req.path);
  if (!params) {
    params = readParams(c);
    checkedPaths.set(c.req.path, params);
  }
  const { registry, name, version } = params;
  const found = c.get('services').registry.readVersion(registry, name, parseVersionParam(version));
  return found instanceof Promise ? found.then((view) => respond(c, view)) : respond(c, found);
}

/** The version's bytes, or 304 when the client's copy is current; synchronous, so a cached read awaits nothing. */
function respond(c: Context, view: VersionView): Response {
  if (readHeader(c, 'if-none-match') === view.etag) {
    return new Response(null, { status: 304, headers: view.headers.notModified });
  }
  return new Response(view.body, { status: 200, headers: view.headers.ok });
}
