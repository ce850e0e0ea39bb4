/**
 * The signed-in key: kept in sessionStorage only (gone with the tab, never in a URL or localStorage), and what
 * its scope lets the console offer.
 */
import { SCOPE_GRANTS } from '@schemagate/core/registry-enums';
import { type ApiClient, ApiProblem } from './api.ts';

export type Scope = 'admin' | 'write' | 'validate' | 'read';

const STORAGE_KEY = 'schemagate.console.key';

export const storedKey = (): string | null => sessionStorage.getItem(STORAGE_KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(STORAGE_KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(STORAGE_KEY);

/** What a scope grants: the server's own table (core's `SCOPE_GRANTS`). */
export const scopeAllows = (scope: Scope, needed: Scope): boolean => SCOPE_GRANTS[scope].includes(needed);

const isScope = (value: unknown): value is Scope =>
  value === 'admin' || value === 'write' || value === 'validate' || value === 'read';

/**
 * The key's scope, as `/v1/quotas` names it (`key.scope`). It answers any live key; a wrong one is a 401, thrown
 * with its problem's detail. A server that does not name the scope is refused rather than guessed at.
 */
export async function detectScope(api: ApiClient): Promise<Scope> {
  const quotas = await api.request<{ key?: { scope?: unknown } }>('GET', '/v1/quotas');
  const scope = quotas.key?.scope;
  if (isScope(scope)) return scope;
  throw new ApiProblem(502, {
    code: 'unknown_scope',
    detail:
      "This server's /v1/quotas does not name the key's scope, so the console cannot tell what to offer",
  });
}
