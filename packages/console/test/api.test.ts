import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, createApiClient } from '../src/app/api.ts';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('the API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the key only as a Bearer header, and reads a problem into its detail and code', async () => {
    const fetch = vi.fn(async () =>
      answer(404, { status: 404, code: 'not_found', title: 'Not Found', detail: 'No schema shop/x' }),
    );
    vi.stubGlobal('fetch', fetch);
    const error = await createApiClient('sg_secret_123456')
      .request('GET', '/v1/x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 404, code: 'not_found', detail: 'No schema shop/x' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/v1/x');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer sg_secret_123456');
    expect(init.credentials).toBe('omit');
  });

  it('waits as a 429 asks when that is short, then asks again; a long wait is the caller’s problem', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        answer(429, { code: 'rate_limited', detail: 'slow down' }, { 'retry-after': '0' }),
      )
      .mockResolvedValueOnce(answer(200, { ok: true }))
      .mockResolvedValueOnce(
        answer(429, { code: 'rate_limited', detail: 'come back later' }, { 'retry-after': '60' }),
      );
    vi.stubGlobal('fetch', fetch);
    const api = createApiClient('sg_secret_123456');
    expect(await api.request('GET', '/v1/a')).toEqual({ ok: true });
    await expect(api.request('GET', '/v1/b')).rejects.toMatchObject({
      status: 429,
      detail: 'come back later',
    });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('tells whoever signed in when a key is refused', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(401, { code: 'invalid_key', detail: 'Unknown or revoked key' }),
    );
    const refused: ApiProblem[] = [];
    await createApiClient('sg_secret_123456', (problem) => refused.push(problem))
      .request('GET', '/v1/registries')
      .catch(() => {});
    expect(refused.map((p) => p.code)).toEqual(['invalid_key']);
  });
});
