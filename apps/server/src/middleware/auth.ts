import { hash, timingSafeEqual } from 'node:crypto';
import type { RouteScope } from '@schemagate/api';
import { type KeyScope, SCOPE_GRANTS } from '@schemagate/core';
import { keyPrefix } from '@schemagate/db';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { RateLimit } from '../rate-limit/token-bucket.ts';
import type { Guard } from './guard.ts';
import { readHeader } from './read-header.ts';

export type { KeyScope };

/** What a key may do: admin everything, write also reads, validate and read only themselves. */
export const scopeGrants: Record<KeyScope, ReadonlySet<KeyScope>> = {
  admin: new Set(SCOPE_GRANTS.admin),
  write: new Set(SCOPE_GRANTS.write),
  validate: new Set(SCOPE_GRANTS.validate),
  read: new Set(SCOPE_GRANTS.read),
};

/** Whether the caller holds `admin`: routes that take `write` ask it of changes that only an admin may make. */
export const isAdmin = (principal: ApiKeyPrincipal | undefined): boolean =>
  principal !== undefined && scopeGrants[principal.scope].has('admin');

/** Whether a key of scope `key` may call a route that needs `route` (`any`: every live key may). */
export const scopeAllows = (key: KeyScope, route: Exclude<RouteScope, 'public'>): boolean =>
  route === 'any' || scopeGrants[key].has(route);

export interface ApiKeyPrincipal {
  id: string;
  scope: KeyScope;
  /** sha256 of the plaintext key. */
  hash: Buffer;
  /** The only registries the key may reach; null or absent: every registry. */
  registries?: ReadonlySet<string> | null;
  /** The key's own token bucket; null or absent: the server's defaults. */
  rateLimit?: RateLimit | null;
}

/**
 * Whether the caller may reach `registry`: the one check every route that names a registry makes (in its path, its
 * body or its query). A registry it may not reach is answered as if it did not exist (404), never 403, so a key
 * learns nothing of registries outside its set. A request that went through no key check reaches none.
 *
 * @example
 * if (!mayReach(c.get('principal'), body.registry)) throw unreachableRegistry(body.registry);
 */
export function mayReach(principal: ApiKeyPrincipal | undefined, registry: string): boolean {
  if (!principal) return false;
  const allowed = principal.registries;
  return allowed === null || allowed === undefined || allowed.has(registry);
}

/** The 404 a registry the caller may not reach is answered with: the same as for one that does not exist. */
export const unreachableRegistry = (registry: string): AppError =>
  new AppError('not_found', { detail: `No registry \`${registry}\`` });

/** Throws {@link unreachableRegistry} unless the request's key may reach `registry`. */
export function requireReach(c: Context, registry: string): void {
  if (!mayReach(c.get('principal'), registry)) throw unreachableRegistry(registry);
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
  /** `SCHEMAGATE_AUTH=off`: every request is let through as admin, without rate limits. */
  disabled?: boolean;
  /** Takes a token from the key's bucket or throws its 429 (see `rate-limit/key-rate-limiter.ts`). */
  limiter?: { admit(principal: ApiKeyPrincipal): void };
  /** Told of every admitted key, to record when it was last used (coarsely: see `storage.ts`). */
  used?: (principal: ApiKeyPrincipal) => void;
}

const disabledPrincipal: ApiKeyPrincipal = { id: 'auth-off', scope: 'admin', hash: Buffer.alloc(32) };
const bearer = /^Bearer +(sg_[A-Za-z0-9_-]{9,200}) *$/i;
/** A Bearer credential of any shape: one that is not a schemagate key is a wrong key, not a missing one. */
const anyBearerToken = /^Bearer +\S/i;

// RFC 6750 section 3.1: a request without credentials gets the challenge alone, a bad token `invalid_token`.
const missingKey = () =>
  new AppError('missing_key', {
    detail: 'Send the API key as `Authorization: Bearer <key>`',
    headers: { 'www-authenticate': 'Bearer realm="schemagate"' },
  });
const invalidKey = () =>
  new AppError('invalid_key', {
    detail: 'Unknown or revoked API key',
    headers: { 'www-authenticate': 'Bearer realm="schemagate", error="invalid_token"' },
  });

/**
 * Keys this process has already proven against a principal's stored sha256, so that the next request with the
 * same key is compared as text, in constant time, instead of hashed again. An entry lives as long as the
 * principal object: the key lookup replaces that object when its cache entry expires or the key is revoked.
 */
const provenKeys = new WeakMap<ApiKeyPrincipal, string>();

/** Compares two strings in time that depends on their length only, not on where they first differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** The principal among `candidates` whose key is `key`; every candidate is compared, whatever matched. */
function authenticate(key: string, candidates: ApiKeyPrincipal[]): ApiKeyPrincipal | undefined {
  let principal: ApiKeyPrincipal | undefined;
  let digest: Buffer | undefined;
  for (const candidate of candidates) {
    const proven = provenKeys.get(candidate);
    if (proven !== undefined) {
      if (constantTimeEqual(proven, key)) principal = candidate;
      continue;
    }
    digest ??= hash('sha256', key, 'buffer');
    if (timingSafeEqual(candidate.hash, digest)) {
      provenKeys.set(candidate, key);
      principal = candidate;
    }
  }
  return principal;
}

/**
 * Requires `Authorization: Bearer <key>` with a scope that grants `scope`: no key is 401 `missing_key`, a key that
 * is not a live one 401 `invalid_key`, a live key without the scope 403 `forbidden`. The key is found by its public
 * prefix and its sha256 compared with the stored one in constant time, so an answer's timing says nothing
 * about how close a guess was; a key proven once is then compared as text, also in constant time.
 *
 * Awaits nothing when the key's prefix is cached, so a hot route's guards run synchronously.
 *
 * @example
 * app.get('/v1/registries', requireScope('read', { lookup }), handler)
 */
export function requireScope(scope: RouteScope, options: AuthOptions): Guard {
  if (scope === 'public') return (c, next) => next(c);
  const admit = (c: Context, key: string, candidates: ApiKeyPrincipal[]) => {
    const principal = authenticate(key, candidates);
    if (!principal) throw invalidKey();
    if (!scopeAllows(principal.scope, scope)) {
      throw new AppError('forbidden', { detail: `This operation needs a key with the \`${scope}\` scope` });
    }
    c.set('principal', principal);
    options.used?.(principal);
    options.limiter?.admit(principal);
  };
  return function requireScopeGuard(c, next) {
    if (options.disabled) {
      c.set('principal', disabledPrincipal);
      return next(c);
    }
    const authorization = readHeader(c, 'authorization') ?? '';
    const match = bearer.exec(authorization);
    if (!match) throw anyBearerToken.test(authorization) ? invalidKey() : missingKey();
    const key = match[1]!;
    const found = options.lookup(keyPrefix(key));
    if (found instanceof Promise) {
      return found.then((candidates) => {
        admit(c, key, candidates);
        return next(c);
      });
    }
    admit(c, key, found);
    return next(c);
  };
}
