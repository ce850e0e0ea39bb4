import { hash, timingSafeEqual } from 'node:crypto';
import type { RouteScope } from '@schemagate/api';
import type { KeyScope } from '@schemagate/core';
import { keyPrefix } from '@schemagate/db';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import { readHeader } from './read-header.ts';

export type { KeyScope };

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
  /** sha256 of the plaintext key. */
  hash: Buffer;
}

/**
 * The live keys whose public prefix is this one (almost always none or one). Synchronous when the answer is
 * cached, so a request with a known key awaits nothing.
 */
export type KeyLookup = (prefix: string) => ApiKeyPrincipal[] | Promise<ApiKeyPrincipal[]>;

declare module 'hono' {
  interface ContextVariableMap {
    principal: ApiKeyPrincipal | undefined;
  }
}

export interface AuthOptions {
  lookup: KeyLookup;
  /** `SCHEMAGATE_AUTH=off`: every request is let through as admin. */
  disabled?: boolean;
}

const disabledPrincipal: ApiKeyPrincipal = { id: 'auth-off', scope: 'admin', hash: Buffer.alloc(32) };
const bearer = /^Bearer +(sg_[A-Za-z0-9_-]{9,200}) *$/i;

/**
 * Requires `Authorization: Bearer <key>` with a scope that grants `scope`. The key is found by its public
 * prefix and its sha256 compared with the stored one in constant time, so an answer's timing says nothing
 * about how close a guess was.
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
    const match = bearer.exec(readHeader(c, 'authorization') ?? '');
    if (!match) {
      throw new AppError('unauthorized', {
        detail: 'Send the API key as `Authorization: Bearer <key>`',
        headers: { 'www-authenticate': 'Bearer realm="schemagate"' },
      });
    }
    const key = match[1]!;
    const found = options.lookup(keyPrefix(key));
    const candidates = found instanceof Promise ? await found : found;
    const digest = hash('sha256', key, 'buffer');
    let principal: ApiKeyPrincipal | undefined;
    for (const candidate of candidates) {
      if (timingSafeEqual(candidate.hash, digest)) principal = candidate;
    }
    if (!principal) {
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
