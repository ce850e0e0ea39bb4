import { AppError } from '../errors.ts';
import type { Guard } from './guard.ts';
import { readHeader } from './read-header.ts';

const json = /^application\/([a-z.+-]*\+)?json\b/i;

/**
 * Refuses a body that is not declared as JSON (`application/json` or `application/*+json`) with a 415 problem.
 *
 * @example
 * app.post('/v1/validate', requireJson(), handler)
 */
export function requireJson(): Guard {
  return function requireJsonGuard(c, next) {
    const type = readHeader(c, 'content-type');
    if (!type || !json.test(type)) {
      throw new AppError('unsupported_media_type', { detail: 'Send the body as application/json' });
    }
    return next(c);
  };
}
