import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiProblem, type Method, mapLimited } from '../src/app/api.ts';
import { detectScope, type Scope, scopeAllows } from '../src/app/session.ts';

/** A server as each scope sees it: 403 for routes beyond the scope, 404 for the probed version, 401 for a bad key. */
function serverFor(scope: Scope | 'none', options: { keysRoute?: boolean; quotasScope?: boolean } = {}) {
  const calls: string[] = [];
  const needs: Array<[Method, RegExp, Scope]> = [
    ['GET', /^\/v1\/registries$/, 'read'],
    ['PATCH', /^\/v1\/registries\/.+\/versions\/\d+$/, 'write'],
    ['GET', /^\/v1\/keys$/, 'admin'],
  ];
  const client: ApiClient = {
    async request<T>(method: Method, path: string): Promise<T> {
      calls.push(`${method} ${path}`);
      if (scope === 'none') throw new ApiProblem(401, { code: 'invalid_key', detail: 'Unknown key' });
      if (path === '/v1/quotas') return (options.quotasScope ? { key: { scope } } : { maxDepth: 64 }) as T;
      if (path === '/v1/keys' && options.keysRoute === false)
        throw new ApiProblem(404, { code: 'not_found', detail: 'No route for GET /v1/keys' });
      const rule = needs.find(([m, pattern]) => m === method && pattern.test(path));
      if (!rule) throw new Error(`unexpected ${method} ${path}`);
      if (!scopeAllows(scope, rule[2])) throw new ApiProblem(403, { code: 'forbidden', detail: 'scope' });
      if (method === 'PATCH') throw new ApiProblem(404, { code: 'not_found', detail: 'no such version' });
      return { items: [] } as T;
    },
    text: async () => '',
  };
  return { client, calls };
}

describe('detectScope', () => {
  it.each(['admin', 'write', 'read', 'validate'] as const)(
    'tells a %s key by side-effect-free probes',
    async (scope) => {
      const { client, calls } = serverFor(scope);
      expect(await detectScope(client)).toBe(scope);
      // the only change it asks for is an empty one, of a version that cannot exist
      expect(calls.filter((call) => call.startsWith('PATCH'))).toEqual(
        scope === 'validate'
          ? []
          : ['PATCH /v1/registries/.console-probe/schemas/.console-probe/versions/999999999'],
      );
    },
  );

  it('takes the scope /v1/quotas names, and throws the problem of a wrong key', async () => {
    const named = serverFor('read', { quotasScope: true });
    expect(await detectScope(named.client)).toBe('read');
    expect(named.calls).toEqual(['GET /v1/quotas']);
    await expect(detectScope(serverFor('none').client)).rejects.toMatchObject({
      status: 401,
      code: 'invalid_key',
    });
  });

  it('offers an admin key no admin pages on a server without keys over HTTP', async () => {
    expect(await detectScope(serverFor('admin', { keysRoute: false }).client)).toBe('write');
  });
});

describe('mapLimited', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
