import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

const base = '/v1/registries/refs/schemas';
const money = {
  $id: 'https://example.test/money.json',
  type: 'object',
  properties: { amount: { type: 'integer' } },
};
const order = {
  $id: 'https://example.test/order.json',
  type: 'object',
  properties: { total: { $ref: 'https://example.test/money.json' } },
};
const refund = {
  $id: 'https://example.test/refund.json',
  type: 'object',
  properties: { amount: { $ref: 'https://example.test/money.json' } },
};

describe.each(eachDatabase())("a version's references in both directions ($name)", (database) => {
  let t: TestApp;
  const referencesOf = async (path: string) => {
    const res = await t.call('GET', `${base}/${path}/references`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    t = await startTestApp(await database.create());
    expect((await t.call('PUT', '/v1/registries/refs', { json: {} })).status).toBe(201);
    for (const [name, schema] of [
      ['money', money],
      ['order', order],
      ['refund', refund],
    ] as const) {
      expect((await t.call('POST', `${base}/${name}/versions`, { json: { schema } })).status).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('names what a version refers to and the live versions that refer to it', async () => {
    expect(await referencesOf('order/versions/1')).toEqual({
      status: 200,
      body: { references: [{ registry: 'refs', name: 'money', version: 1 }], referencedBy: [] },
    });
    expect((await referencesOf('money/versions/latest')).body).toEqual({
      references: [],
      referencedBy: [
        { registry: 'refs', name: 'order', version: 1 },
        { registry: 'refs', name: 'refund', version: 1 },
      ],
    });
  });

  it('leaves out deleted referrers, and answers 404 for a version that does not exist', async () => {
    expect((await t.call('DELETE', `${base}/refund`)).status).toBe(204);
    expect((await referencesOf('money/versions/1')).body.referencedBy).toEqual([
      { registry: 'refs', name: 'order', version: 1 },
    ]);
    const missing = await referencesOf('money/versions/7');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found', detail: 'refs/money has no version 7' });
  });

  it('needs a key', async () => {
    expect((await t.call('GET', `${base}/money/versions/1/references`, { key: null })).status).toBe(401);
  });
});
