/**
 * The app's router: paths under the trie prefixes and paths outside them find the same routes hono's own routers
 * find, wildcards reach both sides, and a path the RegExpRouter cannot hold outside the prefixes stops the app's
 * construction with a message that says what to do.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SplitRouter } from '../src/router.ts';

function appOf(prefixes: string[]) {
  const app = new Hono({ router: new SplitRouter(prefixes) });
  const seen: string[] = [];
  app.use('/v1/*', async (c, next) => {
    seen.push(`mw ${c.req.path}`);
    await next();
  });
  app.get('/v1/items', (c) => c.text('list'));
  app.post('/v1/items/replay', (c) => c.text('replay many'));
  app.post('/v1/items/:id/replay', (c) => c.text(`replay ${c.req.param('id')}`));
  app.delete('/v1/items/:id', (c) => c.text(`delete ${c.req.param('id')}`));
  app.get('/v1/registries/:registry/schemas/:name/versions/:version', (c) =>
    c.text(`${c.req.param('registry')}/${c.req.param('name')}@${c.req.param('version')}`),
  );
  app.post('/v1/validate', (c) => c.text('validate'));
  app.post('/v1/validate/batch', (c) => c.text('batch'));
  app.get('/console/*', (c) => c.text(`console ${c.req.path}`));
  return { app, seen };
}

const answer = async (app: Hono, method: string, path: string) => {
  const response = await app.request(path, { method });
  return `${response.status} ${await response.text()}`;
};

describe('SplitRouter', () => {
  it('holds a literal segment beside a parameter under a trie prefix, which RegExpRouter alone cannot', async () => {
    expect(() => appOf([])).toThrow(/POST \/v1\/items\/:id\/replay: .*trie prefixes/);
    const { app } = appOf(['/v1/items/']);
    expect(await answer(app, 'POST', '/v1/items/replay')).toBe('200 replay many');
    expect(await answer(app, 'POST', '/v1/items/dl_01/replay')).toBe('200 replay dl_01');
    expect(await answer(app, 'DELETE', '/v1/items/dl_01')).toBe('200 delete dl_01');
    expect(await answer(app, 'DELETE', '/v1/items/replay')).toBe('200 delete replay');
    expect(await answer(app, 'GET', '/v1/items/dl_01')).toBe('404 404 Not Found');
  });

  it('matches every other path as hono does: parameters, literals, wildcards, misses', async () => {
    const { app } = appOf(['/v1/items/']);
    expect(await answer(app, 'GET', '/v1/items')).toBe('200 list');
    expect(await answer(app, 'GET', '/v1/registries/shop/schemas/com.shop%40Order/versions/latest')).toBe(
      '200 shop/com.shop@Order@latest',
    );
    expect(await answer(app, 'POST', '/v1/validate')).toBe('200 validate');
    expect(await answer(app, 'POST', '/v1/validate/batch')).toBe('200 batch');
    expect(await answer(app, 'GET', '/console/keys/new')).toBe('200 console /console/keys/new');
    expect(await answer(app, 'GET', '/v1/validate')).toBe('404 404 Not Found');
    expect(await answer(app, 'POST', '/v1/validate/other')).toBe('404 404 Not Found');
  });

  it('runs a wildcard middleware registered above a prefix on both sides, in order', async () => {
    const { app, seen } = appOf(['/v1/items/']);
    await answer(app, 'POST', '/v1/items/dl_01/replay');
    await answer(app, 'POST', '/v1/validate');
    await answer(app, 'GET', '/other');
    expect(seen).toEqual(['mw /v1/items/dl_01/replay', 'mw /v1/validate']);
  });
});
