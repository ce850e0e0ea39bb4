/**
 * Who may use the gate: a `validate` key sends events, a `write` key manages dead letters, and a key limited to
 * some registries neither sends to nor sees the dead letters of any other (404, as for a registry that does not
 * exist).
 */
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badOrder, goodOrder, orderPlacedV1 } from './fixtures.ts';
import { NO_SHEDDING, startTestApp, type TestApp } from './harness.ts';

describe.each(eachDatabase())('gate scopes ($name)', (database) => {
  let t: TestApp;
  /** Keys that reach only the `shop` registry. */
  const limited: Record<'validate' | 'write', string> = { validate: '', write: '' };
  const as = (key: string, method: string, path: string, json?: unknown) =>
    t.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  let otherLetter: string;
  let shopLetter: string;

  beforeAll(async () => {
    t = await startTestApp(await database.create(), NO_SHEDDING);
    for (const registry of ['shop', 'other']) {
      await t.call('PUT', `/v1/registries/${registry}`, { json: {} });
      const res = await t.call('POST', `/v1/registries/${registry}/schemas/orders@OrderPlaced/versions`, {
        json: { schema: orderPlacedV1 },
      });
      expect(res.status).toBe(201);
    }
    for (const scope of ['validate', 'write'] as const) {
      const res = await t.call('POST', '/v1/keys', { json: { scope, registries: ['shop'] } });
      expect(res.status).toBe(201);
      limited[scope] = ((await res.json()) as { key: string }).key;
    }
    const letter = async (registry: string) =>
      (
        (await (await t.call('POST', '/v1/events', { json: { event: badOrder, registry } })).json()) as {
          deadLetterId: string;
        }
      ).deadLetterId;
    otherLetter = await letter('other');
    shopLetter = await letter('shop');
  });
  afterAll(() => t?.close());

  it('lets a validate key send events, and only admin and write keys manage dead letters', async () => {
    expect(
      (await t.call('POST', '/v1/events', { key: 'validate', json: { event: goodOrder, registry: 'shop' } }))
        .status,
    ).toBe(202);
    const batch = await t.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [{ event: goodOrder, registry: 'shop' }] },
    });
    expect(batch.status).toBe(200);
    for (const key of ['read', 'write'] as const) {
      expect((await t.call('POST', '/v1/events', { key, json: { event: goodOrder } })).status).toBe(403);
      expect((await t.call('POST', '/v1/events/batch', { key, json: { events: [] } })).status).toBe(403);
    }
    expect((await t.call('POST', '/v1/events', { key: null, json: { event: goodOrder } })).status).toBe(401);
    for (const key of ['read', 'validate'] as const) {
      expect((await t.call('GET', '/v1/dead-letters', { key })).status).toBe(403);
      expect((await t.call('POST', `/v1/dead-letters/${shopLetter}/replay`, { key })).status).toBe(403);
      expect((await t.call('POST', '/v1/dead-letters/replay', { key, json: {} })).status).toBe(403);
      expect((await t.call('DELETE', `/v1/dead-letters/${shopLetter}`, { key })).status).toBe(403);
    }
    expect((await t.call('GET', '/v1/dead-letters', { key: 'write' })).status).toBe(200);
  });

  it('does not let a key limited to some registries send to another', async () => {
    const mine = await as(limited.validate, 'POST', '/v1/events', { event: goodOrder, registry: 'shop' });
    expect(mine.status).toBe(202);
    const theirs = await as(limited.validate, 'POST', '/v1/events', { event: goodOrder, registry: 'other' });
    expect(theirs.status).toBe(404);
    // routed by its envelope, the event matches both registries' schemas: the key's own wins, the other is unseen
    const routed = await as(limited.validate, 'POST', '/v1/events', { event: goodOrder });
    expect(routed.status).toBe(202);
    expect(await routed.json()).toMatchObject({ registry: 'shop' });
    const batch = await as(limited.validate, 'POST', '/v1/events/batch', {
      events: [
        { event: goodOrder, registry: 'other' },
        { event: goodOrder, registry: 'shop' },
      ],
    });
    const body = (await batch.json()) as { results: { status: string; httpStatus: number }[] };
    expect(body.results.map((r) => [r.status, r.httpStatus])).toEqual([
      ['refused', 404],
      ['accepted', 202],
    ]);
  });

  it("shows a limited key only its registries' dead letters, and 404 for the others", async () => {
    const list = (await (await as(limited.write, 'GET', '/v1/dead-letters')).json()) as {
      items: { id: string; registry: string }[];
    };
    expect(list.items.length).toBeGreaterThan(0);
    expect(new Set(list.items.map((i) => i.registry))).toEqual(new Set(['shop']));
    expect((await as(limited.write, 'GET', '/v1/dead-letters?registry=other')).status).toBe(404);
    expect((await as(limited.write, 'POST', `/v1/dead-letters/${otherLetter}/replay`)).status).toBe(404);
    expect((await as(limited.write, 'DELETE', `/v1/dead-letters/${otherLetter}`)).status).toBe(404);
    expect((await as(limited.write, 'POST', '/v1/dead-letters/replay', { registry: 'other' })).status).toBe(
      404,
    );
    const bulk = await as(limited.write, 'POST', '/v1/dead-letters/replay', {});
    expect(await bulk.json()).toEqual({ replayed: 0, stillInvalid: 1 });
    // the other registry's letter is still there for a key that may see it
    const all = (await (await t.call('GET', '/v1/dead-letters?registry=other')).json()) as {
      items: { id: string }[];
    };
    expect(all.items.map((i) => i.id)).toEqual([otherLetter]);
    expect((await as(limited.write, 'DELETE', `/v1/dead-letters/${shopLetter}`)).status).toBe(204);
  });
});
