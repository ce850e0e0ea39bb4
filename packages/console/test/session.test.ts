import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiProblem, type Method, mapLimited } from '../src/app/api.ts';
import { detectScope, type Scope, scopeAllows } from '../src/app/session.ts';

/** A server whose /v1/quotas names the key's scope (or, for `named: false`, does not); 401 for a wrong key. */
function serverFor(scope: Scope | 'none', options: { named?: boolean } = {}) {
  const calls: string[] = [];
  const client: ApiClient = {
    async request<T>(method: Method, path: string): Promise<T> {
      calls.push(`${method} ${path}`);
      if (scope === 'none') throw new ApiProblem(401, { code: 'invalid_key', detail: 'Unknown key' });
      if (path !== '/v1/quotas') throw new Error(`unexpected ${method} ${path}`);
      return (
        options.named === false ? { maxDepth: 64 } : { key: { id: 'k1', scope, registries: null } }
      ) as T;
    },
    text: async () => '',
  };
  return { client, calls };
}

describe('detectScope', () => {
  it.each(['admin', 'write', 'read', 'validate'] as const)(
    "takes a %s key's scope from /v1/quotas, asking nothing else",
    async (scope) => {
      const { client, calls } = serverFor(scope);
      expect(await detectScope(client)).toBe(scope);
      expect(calls).toEqual(['GET /v1/quotas']);
    },
  );

  it('throws the problem of a wrong key', async () => {
    await expect(detectScope(serverFor('none').client)).rejects.toMatchObject({
      status: 401,
      code: 'invalid_key',
    });
  });

  it('refuses a server that does not name the scope, rather than guess', async () => {
    await expect(detectScope(serverFor('admin', { named: false }).client)).rejects.toMatchObject({
      code: 'unknown_scope',
    });
  });
});

describe('scopeAllows', () => {
  it('grants as the server does: admin everything, write also reads, validate and read only themselves', () => {
    const scopes = ['admin', 'write', 'validate', 'read'] as const;
    const granted = Object.fromEntries(
      scopes.map((s) => [s, scopes.filter((needed) => scopeAllows(s, needed))]),
    );
    expect(granted).toEqual({
      admin: ['admin', 'write', 'validate', 'read'],
      write: ['write', 'read'],
      validate: ['validate'],
      read: ['read'],
    });
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
