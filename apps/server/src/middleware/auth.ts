import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouteScope } from '@schemagate/api';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';

export type KeyScope = Exclude<RouteScope, 'public'>;

/** What a key may do: admin everything, write also reads, validate and read only themselves. */
export const scopeGrants: Record<KeyScope, ReadonlySet<KeyScope>> = {
  admin: new Set<KeyScope>(['admin', 'write', 'validate', 'read']),
  write: new Set<KeyScope>(['write', 'read']),
  validate: new Set<KeyScope>(['validate']),
  read: new Set<KeyScope>(['read']),
};

export interface ApiKeyPrincipal {
  id: string;
  scope: KeyScope;
  /** sha256 of the plaintext key, hex. */
  hash: string;
}

/** Looks a key up by the sha256 hex of its plaintext; undefined when unknown or revoked. */
export type KeyLookup = (hash: string) => Promise<ApiKeyPrincipal | undefined>;

declare module 'hono' {
  interface ContextVariableMap {
    principal: ApiKeyPrincipal | undefined;
  }
}

export const hashKey = (plaintext: string): string => createHash('sha256').update(plaintext).digest('hex');

export interface AuthOptions {
  lookup: KeyLookup;
  /** `SCHEMAGATE_AUTH=off`: every request is let through as admin. */
  disabled?: boolean;
}

const disabledPrincipal: ApiKeyPrincipal = { id: 'auth-off', scope: 'admin', hash: '' };

/**
 * Requires `Authorization: Bearer <key>` with a scope that grants `scope`. The stored hash is compared in
 * constant time after the lookup, so an answer's timing says nothing about how close a guess was.
 *
 * @example
 * app.get('/v1/registries', requireScope('read', { lookup }), handler)
 */
export function requireScope(scope: RouteScope, options: AuthOptions): MiddlewareHandler {
  return async function requireScopeMiddleware(c, next) {
    if (scope === 'public') return next();
    if (options.disabled) {
      c.set('principal', disabledPrincipal);
      return next();
    }
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S{8,512})\s*$/i.exec(header) : null;
    if (!match) {
      throw new AppError('unauthorized', {
        detail: 'Send the API key as `Authorization: Bearer <key>`',
        headers: { 'www-authenticate': 'Bearer realm="schemagate"' },
      });
    }
    const hash = hashKey(match[1]!);
    const principal = await options.lookup(hash);
    if (!principal || !timingSafeEqual(Buffer.from(principal.hash, 'hex'), Buffer.from(hash, 'hex'))) {
      throw new AppError('unauthorized', {
        detail: 'Unknown or revoked API key',
        headers: { 'www-authenticate': 'Bearer realm="schemagate", error="invalid_token"' },
      });
    }
    if (!scopeGrants[principal.scope].has(scope)) {
      throw new AppError('forbidden', { detail: `This operation needs a key with the \`${scope}\` scope` });
    }
    c.set('principal', principal);
    return next();
  };
}
