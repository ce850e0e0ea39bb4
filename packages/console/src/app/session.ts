/**
 * The signed-in key: kept in sessionStorage only (gone with the tab, never in a URL or localStorage), and what
 * its scope lets the console offer.
 */
import { type ApiClient, ApiProblem, isMissingRoute } from './api.ts';

export type Scope = 'admin' | 'write' | 'validate' | 'read';

const STORAGE_KEY = 'schemagate.console.key';

export const storedKey = (): string | null => sessionStorage.getItem(STORAGE_KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(STORAGE_KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(STORAGE_KEY);

/** What a scope grants, as the server's `scopeGrants`: admin everything, write also reads. */
const grants: Record<Scope, readonly Scope[]> = {
  admin: ['admin', 'write', 'validate', 'read'],
  write: ['write', 'read'],
  validate: ['validate'],
  read: ['read'],
};

export const scopeAllows = (scope: Scope, needed: Scope): boolean => grants[scope].includes(needed);

const isScope = (value: unknown): value is Scope =>
  value === 'admin' || value === 'write' || value === 'validate' || value === 'read';

/** Whether a probe was refused for the key's scope (403), as opposed to answered. */
async function refused(probe: Promise<unknown>): Promise<boolean> {
  try {
    await probe;
    return false;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403) return true;
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 422)) return false;
    throw error;
  }
}

/**
 * The key's scope. `/v1/quotas` answers any live key (a 401 here is a wrong key, thrown with its detail) and
 * names the scope when the server says it; otherwise side-effect-free probes tell: an empty PATCH of a version
 * that cannot exist (403 unless the key may write, 404 if it may), and the admin-only key list.
 */
export async function detectScope(api: ApiClient): Promise<Scope> {
  const quotas = await api.request<Record<string, unknown>>('GET', '/v1/quotas');
  const said = (quotas.key as { scope?: unknown } | undefined)?.scope ?? quotas.scope;
  if (isScope(said)) return said;
  if (await refused(api.request('GET', '/v1/registries'))) return 'validate';
  const probe = '/v1/registries/.console-probe/schemas/.console-probe/versions/999999999';
  if (await refused(api.request('PATCH', probe, {}))) return 'read';
  try {
    await api.request('GET', '/v1/keys');
    return 'admin';
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403) return 'write';
    // a server without keys over HTTP: an admin key is seen as a write key, which offers no admin pages
    if (isMissingRoute(error)) return 'write';
    throw error;
  }
}
