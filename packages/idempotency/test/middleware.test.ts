import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestFingerprint } from '../src/fingerprint.ts';
import { idempotency } from '../src/middleware.ts';
import { createIdempotencyStore } from '../src/store/create-store.ts';
import type { IdempotencyStore } from '../src/store/types.ts';
import { eachDatabase, type OpenTestDatabase } from './databases.ts';
import { eachStoreKind, type StoreBackend, type StoreFixture, storeFixture } from './store-kinds.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
}

const key = (value: string) => ({ 'idempotency-key': `"${value}"` });

describe.each(eachStoreKind())('the idempotency middleware on the $name store', (kind) => {
  let backend: StoreBackend;
  let store: IdempotencyStore;
  let clock: StoreFixture['clock'];
  let app: Hono;
  let runs: number;
  let gate: Promise<void> | undefined;
  let replays: number;
  let nextStatus: number;

  storeFixture(kind, { leaseSeconds: 30, retryAfterSeconds: 2 }, (fresh) => {
    ({ backend, clock, store } = fresh);
  });
  beforeEach(async () => {
    runs = 0;
    replays = 0;
    gate = undefined;
    nextStatus = 500;
    app = new Hono();
    // what a handler that throws is answered; hono's default would print every stack
    app.onError((error, c) => c.json({ error: error.message }, 500));
    app.use(
      '/orders/*',
      idempotency({
        store,
        required: true,
        ttlSeconds: 600,
        scope: (c) => c.req.header('x-client') ?? 'anonymous',
        onReplay: () => {
          replays++;
        },
      }),
    );
    app.use(
      '/events',
      idempotency({
        store,
        required: false,
        fallbackKey: async (c) => {
          const event = (await c.req.json()) as { id?: unknown };
          return typeof event.id === 'string' ? event.id : undefined;
        },
      }),
    );
    app.post('/orders/place', async (c) => {
      runs++;
      if (gate) await gate;
      const order = (await c.req.json()) as { item: string };
      c.header('x-request-only', String(runs));
      c.header('location', `/orders/${runs}`);
      return c.json({ order: runs, item: order.item }, 201);
    });
    app.get('/orders/place', (c) => {
      runs++;
      return c.json({ runs });
    });
    app.post('/orders/fail', (c) => {
      runs++;
      return c.json({ runs }, nextStatus as 500);
    });
    app.post('/orders/throw', () => {
      runs++;
      throw new Error('the handler broke');
    });
    app.post('/orders/binary', (c) => {
      runs++;
      return c.body(new Uint8Array([0xff, 0xfe, 0x00, runs]), 200, {
        'content-type': 'application/octet-stream',
      });
    });
    app.post('/orders/empty', (c) => {
      runs++;
      return c.body(null, 204);
    });
    app.post('/orders/explicit', async (c) => {
      runs++;
      const body = JSON.stringify({ explicit: runs });
      await c.get('idempotency')!.complete({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body,
      });
      return c.body(body, 200, { 'content-type': 'application/json' });
    });
    app.post('/events', (c) => {
      runs++;
      return c.json({ accepted: runs, key: c.get('idempotency')?.key ?? null }, 202);
    });
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  async function expectProblem(response: Response, status: number, code: string, detail: RegExp) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Problem;
    expect(problem).toMatchObject({
      status,
      code,
      type: `https://schemagate.dev/problems/${code.replaceAll('_', '-')}`,
    });
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem.detail).toMatch(detail);
    return problem;
  }

  it('answers a repeat with the first status, headers that matter and body byte for byte, marked replayed', async () => {
    const first = await post('/orders/place', '{"item":"book"}', key('order-1'));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const firstBody = new Uint8Array(await first.arrayBuffer());

    const again = await post('/orders/place', '{"item":"book"}', key('order-1'));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('location')).toBe('/orders/1');
    // a header of that one answer only is not repeated
    expect(again.headers.get('x-request-only')).toBeNull();
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(firstBody);
    expect(runs).toBe(1);
    expect(replays).toBe(1);
  });

  it('replays binary and empty bodies exactly', async () => {
    const first = new Uint8Array(await (await post('/orders/binary', '', key('bin'))).arrayBuffer());
    const again = await post('/orders/binary', '', key('bin'));
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(first);
    expect(first).toEqual(new Uint8Array([0xff, 0xfe, 0x00, 1]));
    expect((await post('/orders/empty', '', key('none'))).status).toBe(204);
    const empty = await post('/orders/empty', '', key('none'));
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    expect(runs).toBe(2);
  });

  it('refuses a missing key where required, and lets GET through untouched', async () => {
    await expectProblem(
      await post('/orders/place', '{"item":"book"}'),
      400,
      'idempotency_key_missing',
      /Idempotency-Key header/,
    );
    expect(runs).toBe(0);
    for (let n = 1; n <= 2; n++) {
      const got = await app.request('/orders/place', { headers: key('order-1') });
      expect(await got.json()).toEqual({ runs: n });
      expect(got.headers.get('idempotency-replayed')).toBeNull();
    }
  });

  it.each([
    ['an unquoted token', 'order-1', /must be a Structured Field string; send it quoted/],
    ['an empty field', '', /is empty/],
    ['an empty string', '""', /string is empty/],
    ['no closing quote', '"order-1', /no closing quote/],
    ['a stray backslash', '"ord\\er"', /backslash/],
    ['two keys', '"a", "b"', /more than once/],
    ['text after the string', '"a" b', /text after its string/],
    ['a malformed parameter', '"a";BAD', /malformed parameter/],
    ['a key over 255 characters', `"${'k'.repeat(256)}"`, /256 characters long; at most 255/],
  ])('refuses %s with 400 idempotency_key_invalid', async (_, value, detail) => {
    await expectProblem(
      await post('/orders/place', '{}', { 'idempotency-key': value }),
      400,
      'idempotency_key_invalid',
      detail,
    );
    expect(runs).toBe(0);
  });

  it('reads escapes and ignores parameters, as RFC 8941 strings have them', async () => {
    const first = await post('/orders/place', '{"item":"x"}', { 'idempotency-key': ' "a\\"b\\\\c";v=1;x ' });
    expect(first.status).toBe(201);
    const same = await post('/orders/place', '{"item":"x"}', { 'idempotency-key': '"a\\"b\\\\c"' });
    expect(same.headers.get('idempotency-replayed')).toBe('true');
    expect(runs).toBe(1);
  });

  it('answers 409 with Retry-After while the first request runs, then replays it', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = post('/orders/place', '{"item":"slow"}', key('slow'));
    await expect.poll(() => runs).toBe(1);
    const during = await post('/orders/place', '{"item":"slow"}', key('slow'));
    await expectProblem(during, 409, 'idempotency_key_in_flight', /still being processed/);
    expect(during.headers.get('retry-after')).toBe('2');
    open();
    expect((await first).status).toBe(201);
    const after = await post('/orders/place', '{"item":"slow"}', key('slow'));
    expect(after.headers.get('idempotency-replayed')).toBe('true');
    expect(runs).toBe(1);
  });

  it('answers 422 for the key with another body or path, and keeps the first answer', async () => {
    const first = await post('/orders/place', '{"item":"book"}', key('order-2'));
    const firstBody = await first.text();
    await expectProblem(
      await post('/orders/place', '{"item":"lamp"}', key('order-2')),
      422,
      'idempotency_key_reused',
      /another method, path or body/,
    );
    await expectProblem(
      await post('/orders/place?express=1', '{"item":"book"}', key('order-2')),
      422,
      'idempotency_key_reused',
      /order-2/,
    );
    await expectProblem(
      await post('/orders/binary', '{"item":"book"}', key('order-2')),
      422,
      'idempotency_key_reused',
      /./,
    );
    const replay = await post('/orders/place', '{"item":"book"}', key('order-2'));
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(firstBody);
    expect(runs).toBe(1);
  });

  it('keeps clients apart by scope', async () => {
    await post('/orders/place', '{"item":"a"}', { ...key('same'), 'x-client': 'alice' });
    const bob = await post('/orders/place', '{"item":"b"}', { ...key('same'), 'x-client': 'bob' });
    expect(bob.status).toBe(201);
    expect(bob.headers.get('idempotency-replayed')).toBeNull();
    expect(runs).toBe(2);
  });

  it.each([500, 503, 429])('releases the key after a %i answer, so the retry runs again', async (status) => {
    nextStatus = status;
    expect((await post('/orders/fail', '{}', key(`fail-${status}`))).status).toBe(status);
    nextStatus = 200;
    const retry = await post('/orders/fail', '{}', key(`fail-${status}`));
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(runs).toBe(2);
  });

  it('stores and replays a 4xx answer like any other', async () => {
    nextStatus = 404;
    await post('/orders/fail', '{}', key('gone'));
    nextStatus = 200;
    const again = await post('/orders/fail', '{}', key('gone'));
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(runs).toBe(1);
  });

  it('releases the key when the handler throws', async () => {
    expect((await post('/orders/throw', '{}', key('boom'))).status).toBe(500);
    expect((await post('/orders/throw', '{}', key('boom'))).status).toBe(500);
    expect(runs).toBe(2);
  });

  it('keeps what the handler completed itself, once', async () => {
    const first = await post('/orders/explicit', '{}', key('explicit'));
    const again = await post('/orders/explicit', '{}', key('explicit'));
    expect(await again.text()).toBe(await first.text());
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(runs).toBe(1);
  });

  it('expires finished records after the TTL', async () => {
    await post('/orders/place', '{"item":"book"}', key('ttl'));
    clock.advance(599_000);
    expect(
      (await post('/orders/place', '{"item":"book"}', key('ttl'))).headers.get('idempotency-replayed'),
    ).toBe('true');
    clock.advance(1_000);
    const fresh = await post('/orders/place', '{"item":"book"}', key('ttl'));
    expect(fresh.headers.get('idempotency-replayed')).toBeNull();
    expect(runs).toBe(2);
  });

  it('takes the key from the request when the header is absent, and passes keyless requests through', async () => {
    const first = await post('/events', '{"id":"evt-1","n":1}');
    expect(await first.json()).toEqual({ accepted: 1, key: 'evt-1' });
    const again = await post('/events', '{"id":"evt-1","n":1}');
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    // the header wins over the event's own id
    expect(await (await post('/events', '{"id":"evt-1","n":1}', key('header-key'))).json()).toEqual({
      accepted: 2,
      key: 'header-key',
    });
    expect(await (await post('/events', '{"n":2}')).json()).toEqual({ accepted: 3, key: null });
    expect(await (await post('/events', '{"n":2}')).json()).toEqual({ accepted: 4, key: null });
  });

  it('releases the key for an answer storeAnswer does not keep, and keeps the rest', async () => {
    const picky = new Hono();
    picky.use(
      idempotency({
        store,
        // a 400 is given before the handler acted; the 422 it decided is kept
        storeAnswer: (status, c) => status !== 400 && c.req.path === '/act',
      }),
    );
    picky.post('/act', async (c) => {
      runs++;
      const { n } = (await c.req.json()) as { n?: number };
      if (n === undefined) return c.json({ error: 'n is missing' }, 400);
      return c.json({ run: runs, n }, n > 0 ? 201 : 422);
    });
    const send = (body: string, value: string) =>
      picky.request('/act', { method: 'POST', body, headers: key(value) });
    expect((await send('{}', 'p-1')).status).toBe(400);
    // released: the same key with the corrected body is processed, then replayed
    expect((await send('{"n":1}', 'p-1')).status).toBe(201);
    const replay = await send('{"n":1}', 'p-1');
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(await replay.json()).toEqual({ run: 2, n: 1 });
    expect((await send('{"n":0}', 'p-2')).status).toBe(422);
    expect((await send('{"n":0}', 'p-2')).headers.get('idempotency-replayed')).toBe('true');
    expect(runs).toBe(3);
  });

  describe('deferred: the handler writes its record finished, or claims the key when it acts', () => {
    let effects: number;
    let deferredApp: Hono;
    beforeEach(() => {
      effects = 0;
      deferredApp = new Hono();
      deferredApp.use(idempotency({ store, required: true, deferred: true, ttlSeconds: 600 }));
      deferredApp.post('/send', async (c) => {
        const text = await c.req.text();
        let item: unknown;
        try {
          item = (JSON.parse(text) as { item?: unknown }).item;
        } catch {
          return c.json({ error: 'not JSON' }, 400);
        }
        if (typeof item !== 'string') return c.json({ error: 'item is missing' }, 404);
        const response = {
          status: 202,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ effect: effects + 1, item }),
        };
        const idem = c.get('idempotency')!;
        const [written] = await store.insertCompleted([idem.record(response)]);
        if (!written) {
          const other = await idem.claim();
          if (other) return other;
          await idem.complete(response);
        }
        effects++;
        return c.body(response.body, 202, response.headers);
      });
    });
    const send = (body: string, value: string) =>
      deferredApp.request('/send', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...key(value) },
      });

    it('answers the first request, replays it byte for byte, and refuses the key for another body', async () => {
      const first = await send('{"item":"book"}', 'd-1');
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotency-replayed')).toBeNull();
      const firstText = await first.text();
      const again = await send('{"item":"book"}', 'd-1');
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(await again.text()).toBe(firstText);
      await expectProblem(await send('{"item":"pen"}', 'd-1'), 422, 'idempotency_key_reused', /d-1/);
      expect(effects).toBe(1);
    });

    it('keeps nothing for an answer given before acting: the corrected retry is processed', async () => {
      expect((await send('{"item":', 'd-2')).status).toBe(400);
      expect((await send('{"other":1}', 'd-2')).status).toBe(404);
      const fixed = await send('{"item":"book"}', 'd-2');
      expect(fixed.status).toBe(202);
      expect(fixed.headers.get('idempotency-replayed')).toBeNull();
      expect(effects).toBe(1);
    });

    it('answers 409 while a claimed request runs, replays it once done, and takes over an expired record', async () => {
      const body = '{"item":"book"}';
      const begun = await store.begin({
        scope: '',
        key: 'd-3',
        fingerprint: requestFingerprint('POST', '/send', new TextEncoder().encode(body)),
        ttlSeconds: 600,
      });
      if (begun.state !== 'acquired') throw new Error(`expected to acquire d-3, got ${begun.state}`);
      const busy = await send(body, 'd-3');
      await expectProblem(busy, 409, 'idempotency_key_in_flight', /d-3/);
      expect(busy.headers.get('retry-after')).toBe('2');
      await store.complete(begun.lease, { status: 202, headers: {}, body: 'the first' });
      const done = await send(body, 'd-3');
      expect(done.headers.get('idempotency-replayed')).toBe('true');
      expect(await done.text()).toBe('the first');
      expect(effects).toBe(0);
      clock.advance(600_000);
      // expired: insertCompleted leaves it to claim, which takes it over
      const retaken = await send(body, 'd-3');
      expect(retaken.status).toBe(202);
      expect(retaken.headers.get('idempotency-replayed')).toBeNull();
      expect((await send(body, 'd-3')).headers.get('idempotency-replayed')).toBe('true');
      expect(effects).toBe(1);
    });
  });

  if (kind.name !== 'memory') {
    it('commits the record in the handler’s transaction with its own write', async () => {
      const db = backend.db!;
      await db.execute(sql`create table if not exists test_outbox (key text primary key)`);
      const txApp = new Hono();
      txApp.use(idempotency({ store, required: true }));
      txApp.post('/send', async (c) => {
        runs++;
        const body = JSON.stringify({ run: runs });
        await db.transaction(async (tx) => {
          await tx.execute(sql`insert into test_outbox values (${c.get('idempotency')!.key})`);
          await c
            .get('idempotency')!
            .complete({ status: 202, headers: { 'content-type': 'application/json' }, body }, tx);
        });
        return c.body(body, 202, { 'content-type': 'application/json' });
      });
      const send = () => txApp.request('/send', { method: 'POST', body: '{}', headers: key('outbox-1') });
      expect((await send()).status).toBe(202);
      const replay = await send();
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      expect(await replay.json()).toEqual({ run: 1 });
      const rows = await db.execute(sql`select key from test_outbox`);
      expect(Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).toEqual([{ key: 'outbox-1' }]);
    });
  }
});

// like eachDatabase(): Postgres when DATABASE_URL names one
if (process.env.DATABASE_URL) {
  describe('two apps on their own Postgres connections', () => {
    let database: OpenTestDatabase;
    const stores: IdempotencyStore[] = [];

    beforeAll(async () => {
      database = await eachDatabase()
        .find((d) => d.name === 'postgres')!
        .open();
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await database.close();
    });

    it('run a key sent to both at once once: the other answers 409 or the replay', async () => {
      let runs = 0;
      const apps = [0, 1].map(() => {
        const store = createIdempotencyStore({ databaseUrl: database.url!, maxConnections: 4 });
        stores.push(store);
        const app = new Hono();
        app.use(idempotency({ store, required: true }));
        app.post('/pay', async (c) => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return c.json({ paid: await c.req.json() }, 201);
        });
        return app;
      });
      const send = (app: Hono, n: number) =>
        app.request('/pay', { method: 'POST', body: `{"n":${n}}`, headers: key(`pay-${n}`) });
      // both apps open their connections and create the table before the race
      await Promise.all(apps.map((app, n) => send(app, 1000 + n)));
      runs = 0;
      const keys = Array.from({ length: 30 }, (_, n) => n);
      const answers = await Promise.all(keys.flatMap((n) => [send(apps[0]!, n), send(apps[1]!, n)]));
      expect(runs).toBe(keys.length);
      for (let n = 0; n < keys.length; n++) {
        const pair = [answers[2 * n]!, answers[2 * n + 1]!];
        expect(
          pair.filter((response) => response.status === 201 && !response.headers.has('idempotency-replayed')),
        ).toHaveLength(1);
        for (const response of pair) expect([201, 409]).toContain(response.status);
      }
      // the handler takes 20 ms and both copies were sent together: the race really happened
      expect(answers.filter((response) => response.status === 409).length).toBeGreaterThan(0);
    });
  });
}

describe('the idempotency middleware in a typed app', () => {
  it('gives scope and fallbackKey the app’s own context variables', async () => {
    const store = createIdempotencyStore();
    const app = new Hono<{ Variables: { tenant: string } }>();
    app.use(async (c, next) => {
      c.set('tenant', c.req.header('x-tenant') ?? 'none');
      await next();
    });
    app.use(idempotency({ store, required: true, scope: (c) => c.get('tenant') }));
    let runs = 0;
    app.post('/jobs', (c) => c.json({ run: ++runs, tenant: c.get('tenant') }, 201));
    const send = (tenant: string) =>
      app.request('/jobs', { method: 'POST', body: '{}', headers: { ...key('job-1'), 'x-tenant': tenant } });
    expect(await (await send('a')).json()).toEqual({ run: 1, tenant: 'a' });
    expect(await (await send('b')).json()).toEqual({ run: 2, tenant: 'b' });
    expect(await (await send('a')).json()).toEqual({ run: 1, tenant: 'a' });
    await store.close();
  });
});
