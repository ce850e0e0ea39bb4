import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.ts';
import type { Guard } from './guard.ts';
import { readHeader } from './read-header.ts';

/**
 * Refuses bodies over `maxBytes` with a 413 problem. A request with a Content-Length is judged by the header
 * alone (Node's parser never reads past it), which keeps the body on @hono/node-server's direct-read fast
 * path; touching `req.raw.body`, as hono's own bodyLimit does, would build a web stream for every request.
 * Chunked bodies are counted as they stream in, by hono's bodyLimit.
 *
 * @example
 * app.use('/v1/*', limitBody(1024 * 1024, 'Request bodies hold at most 1 MiB'))
 */
export function limitBody(maxBytes: number, detail: string): Guard {
  const refuse = () => {
    throw new AppError('payload_too_large', { detail });
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: refuse });
  return function limitBodyGuard(c, next) {
    const length = readHeader(c, 'content-length');
    if (length !== undefined && readHeader(c, 'transfer-encoding') === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) refuse();
      return next(c);
    }
    return streaming(c, () => next(c) as Promise<void>) as Promise<Response | undefined>;
  };
}
