import type { ServerOptions } from 'node:http';
import type { Config } from './config.ts';

/**
 * Limits for slow and idle clients, as Node's HTTP server options: every header within
 * SCHEMAGATE_HEADERS_TIMEOUT_MS of the connection (or of the previous request), the whole request, body
 * included, within SCHEMAGATE_REQUEST_TIMEOUT_MS, and a kept-alive connection closed after
 * SCHEMAGATE_KEEP_ALIVE_TIMEOUT_MS without a new request. A client past a limit gets 408 and its socket is closed.
 *
 * Node checks the first two on an interval (30 s by default), so a limit would only be enforced up to 30 s after it
 * passed; the interval is made 1 s (or the headers limit, if shorter).
 */
export function clientTimeouts(config: Config): ServerOptions {
  return {
    headersTimeout: config.SCHEMAGATE_HEADERS_TIMEOUT_MS,
    requestTimeout: config.SCHEMAGATE_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.SCHEMAGATE_KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, config.SCHEMAGATE_HEADERS_TIMEOUT_MS),
  };
}
