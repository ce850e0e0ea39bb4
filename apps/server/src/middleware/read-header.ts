import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header, read from Node's IncomingMessage when the app runs on @hono/node-server: `c.req.header()`
 * would first build a WHATWG Headers object for the request, which costs more than the rest of a validation.
 * `name` must be lower case.
 */
export function readHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
