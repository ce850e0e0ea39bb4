import type { Context } from 'hono';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../mount.ts';
import type { KeyAdmin } from '../../storage.ts';

/**
 * The key store, for a caller that may manage keys: an admin key that reaches every registry. A key limited to
 * some registries could otherwise make itself a key without that limit, or revoke the keys of other registries.
 */
export function keyAdminFor(c: Context<AppEnv>): KeyAdmin {
  const principal = c.get('principal');
  if (principal?.registries) {
    throw new AppError('forbidden', {
      detail: 'Managing keys needs an admin key that reaches every registry; this one is limited to some',
    });
  }
  const admin = c.get('services').keys;
  if (!admin) throw new AppError('unavailable', { detail: 'This server does not manage keys' });
  return admin;
}
