import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header, read from Node's raw header list when the app runs on @hono/node-server. Both
 * `c.req.header()` (which builds a WHATWG Headers object) and `incoming.headers` (which builds an object of every
 * header on first use) cost more per request than scanning the few raw pairs for one name. `name` must be lower
 * case; repeated headers are joined with ", " as Node and fetch do.
 */
export function readHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) {
      value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
    }
  }
  return value;
}
