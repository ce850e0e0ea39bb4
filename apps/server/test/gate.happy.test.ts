/**
 * The gate through the app: events accepted into the outbox (202) or refused into dead letters (422), batches in
 * request order, the dead letters listed, replayed and deleted, and a registry's dead-letter policy and key pointer.
 */
import { createDeadLetterStore, type DatabaseHandle, schema } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badOrder, goodOrder, orderPlacedV1 } from './fixtures.ts';
import { NO_SHEDDING, startTestApp, type TestApp } from './harness.ts';

interface DeadLetterItem {
  id: string;
  reason: string;
  registry: string;
  schema: string | null;
  version: number | null;
  event: unknown;
  errors: { path: string; keyword: string }[];
  idempotencyKey: string | null;
}

/** v2 of the order drops the orderId pattern: what v1 refused for its id passes. */
const orderPlacedLoose = {
  ...orderPlacedV1,
  properties: {
    ...orderPlacedV1.properties,
    detail: {
      ...orderPlacedV1.properties.detail,
      properties: { ...orderPlacedV1.properties.detail.properties, orderId: { type: 'string' } },
    },
  },
};

const badIdOnly = { ...goodOrder, detail: { orderId: 'x', total: 3 } };

describe.each(eachDatabase())('the gate ($name)', (database) => {
  let t: TestApp;
  let handle: DatabaseHandle;
  const outboxRow = async (id: string) =>
    (await handle.db.select().from(schema.outbox).where(eq(schema.outbox.id, id)))[0];
  const json = async <T>(res: Response) => (await res.json()) as T;
  const listLetters = async (query = '') =>
    json<{ items: DeadLetterItem[]; nextCursor?: string }>(await t.call('GET', `/v1/dead-letters${query}`));

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle, NO_SHEDDING);
    for (const registry of ['shop', 'quiet']) {
      expect((await t.call('PUT', `/v1/registries/${registry}`, { json: {} })).status).toBe(201);
      const res = await t.call('POST', `/v1/registries/${registry}/schemas/orders@OrderPlaced/versions`, {
        json: { schema: orderPlacedV1 },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('accepts a valid event with 202 and stores its text as sent in the outbox', async () => {
    // spacing, a trailing zero and digits past a double's survive: the outbox keeps the producer's text
    const text = JSON.stringify(goodOrder)
      .replace('"detail":', '"detail" :  ')
      .replace('"total":10.5', '"total":10.50,"big":12345678901234567890123');
    const res = await t.call('POST', '/v1/events', {
      body: `{"registry":"shop","event":${text}}`,
    });
    expect(res.status).toBe(202);
    const body = await json<Record<string, unknown>>(res);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      status: 'accepted',
      registry: 'shop',
      schema: 'orders@OrderPlaced',
      version: 1,
    });
    const row = await outboxRow(body.id as string);
    expect(row).toMatchObject({ registry: 'shop', schema: 'orders@OrderPlaced', version: 1, event: text });
    expect(row!.idempotencyKey).toBeNull();
  });

  it('refuses an invalid event with 422 event_invalid, its errors and a dead letter, and forwards nothing', async () => {
    const res = await t.call('POST', '/v1/events', { json: { event: badOrder, registry: 'shop' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<{
      code: string;
      errors: { path: string }[];
      deadLetterId: string;
      registry: string;
      version: number;
    }>(res);
    expect(problem).toMatchObject({ code: 'event_invalid', status: 422, registry: 'shop', version: 1 });
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['/detail/orderId', '/detail/total']);
    expect(await outboxRow(problem.deadLetterId)).toBeUndefined();
    const { items } = await listLetters('?registry=shop');
    const letter = items.find((i) => i.id === problem.deadLetterId);
    expect(letter).toMatchObject({
      reason: 'invalid',
      schema: 'orders@OrderPlaced',
      version: 1,
      event: badOrder,
    });
    expect(letter!.errors.map((e) => e.path).sort()).toEqual(['/detail/orderId', '/detail/total']);
  });

  it('refuses a body that is not JSON, has no event, or names unknown members, as /v1/validate does', async () => {
    const cases: [string, number, string][] = [
      ['{"event":', 400, 'invalid_json'],
      ['{"registry":"shop"}', 422, 'invalid_request'],
      ['{"event":{},"extra":1}', 422, 'invalid_request'],
    ];
    for (const [n, [body, status, code]] of cases.entries()) {
      for (const headers of [{}, { 'idempotency-key': `"bad-body-${n}"` }] as Record<string, string>[]) {
        const res = await t.call('POST', '/v1/events', { body, headers });
        expect(res.status).toBe(status);
        expect(await json<{ code: string }>(res)).toMatchObject({ code });
      }
    }
    const batch = await t.call('POST', '/v1/events/batch', { json: { events: [{ registry: 'shop' }] } });
    expect(batch.status).toBe(422);
    expect(
      await t.call('POST', '/v1/events', { body: '{}', headers: { 'content-type': 'text/plain' } }),
    ).toHaveProperty('status', 415);
  });

  it('answers an event no schema matches as /v1/validate does, and keeps no dead letter of it', async () => {
    const before = (await listLetters()).items.length;
    const res = await t.call('POST', '/v1/events', {
      json: { event: { source: 'nobody', 'detail-type': 'X' } },
    });
    expect(res.status).toBe(404);
    expect(await json<{ code: string }>(res)).toMatchObject({ code: 'no_schema_for_event' });
    expect((await listLetters()).items.length).toBe(before);
  });

  it('refuses at the door an event that passes its schema but EventBridge could never take, and keeps it nowhere', async () => {
    // the order's detail is open: a 300 KB member passes the schema, but one PutEvents call takes 256 KiB
    const huge = { ...goodOrder, detail: { ...goodOrder.detail, blob: 'x'.repeat(300_000) } };
    const lettersBefore = (await listLetters()).items.length;
    const outboxBefore = (await handle.db.select().from(schema.outbox)).length;
    for (const headers of [{}, { 'idempotency-key': '"too-large-once"' }] as Record<string, string>[]) {
      const res = await t.call('POST', '/v1/events', { json: { event: huge, registry: 'shop' }, headers });
      expect(res.status).toBe(422);
      const body = await json<{ code: string; detail: string }>(res);
      expect(body.code).toBe('event_unforwardable');
      expect(body.detail).toMatch(/PutEvents call takes at most 262144/);
    }
    const batch = await t.call('POST', '/v1/events/batch', {
      json: {
        events: [
          { event: huge, registry: 'shop' },
          { event: goodOrder, registry: 'shop' },
        ],
      },
    });
    const body = await json<{ failedCount: number; results: Record<string, unknown>[] }>(batch);
    expect(body.failedCount).toBe(1);
    expect(body.results[0]).toMatchObject({
      status: 'refused',
      httpStatus: 422,
      code: 'event_unforwardable',
    });
    expect(body.results[1]).toMatchObject({ status: 'accepted' });
    expect((await listLetters()).items.length).toBe(lettersBefore);
    // only the batch's good order went to the outbox
    expect((await handle.db.select().from(schema.outbox)).length).toBe(outboxBefore + 1);
    // the refusal kept no idempotency record: the same key with a forwardable event is accepted
    const retried = await t.call('POST', '/v1/events', {
      json: { event: goodOrder, registry: 'shop' },
      headers: { 'idempotency-key': '"too-large-once"' },
    });
    expect(retried.status).toBe(202);
  });

  it('answers a batch in request order, each entry as it would be alone', async () => {
    const res = await t.call('POST', '/v1/events/batch', {
      json: {
        events: [
          { event: goodOrder, registry: 'shop' },
          { event: badOrder, registry: 'shop' },
          { event: { source: 'nobody' }, registry: 'shop' },
          { event: goodOrder, registry: 'shop', schema: 'orders@OrderPlaced', version: 1 },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = await json<{ failedCount: number; results: Record<string, unknown>[] }>(res);
    expect(body.failedCount).toBe(2);
    expect(body.results.map((r) => [r.status, r.httpStatus])).toEqual([
      ['accepted', 202],
      ['invalid', 422],
      ['refused', 404],
      ['accepted', 202],
    ]);
    expect(body.results[2]).toMatchObject({ code: 'no_schema_for_event' });
    const ids = [body.results[0]!.id, body.results[3]!.id] as string[];
    expect(ids[0]! < ids[1]!).toBe(true);
    for (const id of ids) expect(await outboxRow(id)).toMatchObject({ event: JSON.stringify(goodOrder) });
    const letter = body.results[1]!.deadLetterId as string;
    expect((await listLetters()).items.map((i) => i.id)).toContain(letter);
  });

  it('refuses a batch over the batch limits of /v1/quotas', async () => {
    const quotas = await json<{ batch: { maxEvents: number }; idempotency: unknown }>(
      await t.call('GET', '/v1/quotas'),
    );
    expect(quotas.idempotency).toEqual({ ttlSeconds: 86_400, required: false });
    const events = Array.from({ length: quotas.batch.maxEvents + 1 }, () => ({ event: 1 }));
    const res = await t.call('POST', '/v1/events/batch', { json: { events } });
    expect(res.status).toBe(413);
  });

  it('lists dead letters by registry, schema and reason, a page at a time', async () => {
    for (let n = 0; n < 5; n++) {
      const event = { ...badOrder, id: `quiet-${n}` };
      expect((await t.call('POST', '/v1/events', { json: { event, registry: 'quiet' } })).status).toBe(422);
    }
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLetters(
        `?registry=quiet&schema=orders@OrderPlaced&reason=invalid&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((i) => (i.event as { id: string }).id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['quiet-0', 'quiet-1', 'quiet-2', 'quiet-3', 'quiet-4']);
    expect((await listLetters('?registry=quiet&reason=forward_failed')).items).toEqual([]);
    const badCursor = await t.call('GET', '/v1/dead-letters?cursor=nope');
    expect(badCursor.status).toBe(422);
    const badReason = await t.call('GET', '/v1/dead-letters?reason=lost');
    expect(badReason.status).toBe(422);
  });

  it("replays one dead letter against the schema's latest version: 422 while it still fails, 202 once it passes", async () => {
    const refused = await json<{ deadLetterId: string }>(
      await t.call('POST', '/v1/events', { json: { event: badIdOnly, registry: 'shop' } }),
    );
    const id = refused.deadLetterId;
    const again = await t.call('POST', `/v1/dead-letters/${id}/replay`);
    expect(again.status).toBe(422);
    expect(await json<{ code: string; deadLetterId: string }>(again)).toMatchObject({
      code: 'event_invalid',
      deadLetterId: id,
    });
    const v2 = await t.call('POST', '/v1/registries/shop/schemas/orders@OrderPlaced/versions', {
      json: { schema: orderPlacedLoose },
    });
    expect(v2.status).toBe(201);
    const replayed = await t.call('POST', `/v1/dead-letters/${id}/replay`);
    expect(replayed.status).toBe(202);
    const accepted = await json<{ id: string; version: number }>(replayed);
    expect(accepted.version).toBe(2);
    expect(await outboxRow(accepted.id)).toMatchObject({ version: 2, event: JSON.stringify(badIdOnly) });
    expect((await t.call('POST', `/v1/dead-letters/${id}/replay`)).status).toBe(404);
  });

  it('replays in bulk: those that pass go to the outbox, the others stay with their new errors', async () => {
    // quiet's letters break the total (-1) as well: v2 of quiet lets ids pass, not negative totals
    await t.call('POST', '/v1/registries/quiet/schemas/orders@OrderPlaced/versions', {
      json: { schema: orderPlacedLoose },
    });
    // judged by v1 (named), it is kept for its id alone, which v2 allows
    const passing = { ...badIdOnly, id: 'quiet-pass' };
    const stored = await json<{ deadLetterId: string }>(
      await t.call('POST', '/v1/events', { json: { event: passing, registry: 'quiet', version: 1 } }),
    );
    const res = await t.call('POST', '/v1/dead-letters/replay', { json: { registry: 'quiet' } });
    expect(res.status).toBe(200);
    const body = await json<{ replayed: number; stillInvalid: number; nextCursor?: string }>(res);
    expect(body).toEqual({ replayed: 1, stillInvalid: 5 });
    const left = (await listLetters('?registry=quiet')).items;
    expect(left.map((i) => i.id)).not.toContain(stored.deadLetterId);
    expect(left).toHaveLength(5);
    for (const letter of left) {
      expect(letter.version).toBe(2);
      expect(letter.errors.map((e) => e.path)).toEqual(['/detail/total']);
    }
  });

  it('deletes a dead letter: 204, then 404', async () => {
    const [letter] = (await listLetters('?registry=quiet&limit=1')).items;
    expect((await t.call('DELETE', `/v1/dead-letters/${letter!.id}`)).status).toBe(204);
    expect((await t.call('DELETE', `/v1/dead-letters/${letter!.id}`)).status).toBe(404);
    expect((await t.call('POST', `/v1/dead-letters/${letter!.id}/replay`)).status).toBe(404);
  });

  it('discards invalid events of a registry that says so: 422 without deadLetterId', async () => {
    const put = await t.call('PUT', '/v1/registries/quiet', { json: { deadLetters: 'discard' } });
    expect(await json<{ deadLetters: string }>(put)).toMatchObject({
      deadLetters: 'discard',
      idempotencyKeyPointer: null,
    });
    const before = (await listLetters('?registry=quiet')).items.length;
    const res = await t.call('POST', '/v1/events', { json: { event: badOrder, registry: 'quiet' } });
    expect(res.status).toBe(422);
    const problem = await json<Record<string, unknown>>(res);
    expect(problem.code).toBe('event_invalid');
    expect(problem).not.toHaveProperty('deadLetterId');
    expect((await listLetters('?registry=quiet')).items.length).toBe(before);
    const batch = await json<{ results: Record<string, unknown>[] }>(
      await t.call('POST', '/v1/events/batch', {
        json: { events: [{ event: badOrder, registry: 'quiet' }] },
      }),
    );
    expect(batch.results[0]).toMatchObject({ status: 'invalid' });
    expect(batch.results[0]).not.toHaveProperty('deadLetterId');
  });

  it('takes the key at the registry pointer when no header names one', async () => {
    const bad = await t.call('PUT', '/v1/registries/shop', { json: { idempotencyKeyPointer: 'id' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('idempotencyKeyPointer');
    const tilde = await t.call('PUT', '/v1/registries/shop', { json: { idempotencyKeyPointer: '/a~2b' } });
    expect(tilde.status).toBe(422);
    const put = await t.call('PUT', '/v1/registries/shop', { json: { idempotencyKeyPointer: '/id' } });
    expect(await json<{ idempotencyKeyPointer: string }>(put)).toMatchObject({
      idempotencyKeyPointer: '/id',
    });
    const event = { ...goodOrder, id: 'pointer-key-1' };
    const first = await t.call('POST', '/v1/events', { json: { event, registry: 'shop' } });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const firstText = await first.text();
    const second = await t.call('POST', '/v1/events', { json: { event, registry: 'shop' } });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect(await second.text()).toBe(firstText);
    const row = await outboxRow(JSON.parse(firstText).id);
    expect(row!.idempotencyKey).toBe('pointer-key-1');
    // a batch entry takes its key the same way: once stored, a repeat answers its result
    const entry = { event: { ...goodOrder, id: 'pointer-key-2' }, registry: 'shop' };
    const a = await json<{ results: Record<string, unknown>[] }>(
      await t.call('POST', '/v1/events/batch', { json: { events: [entry] } }),
    );
    const b = await json<{ results: Record<string, unknown>[] }>(
      await t.call('POST', '/v1/events/batch', {
        json: { events: [entry, { ...entry, idempotencyKey: 'own' }] },
      }),
    );
    expect(b.results[0]).toEqual({ ...a.results[0], replayed: true });
    expect(b.results[1]).toMatchObject({ status: 'accepted' });
    expect(b.results[1]!.id).not.toBe(a.results[0]!.id);
    const cleared = await t.call('PUT', '/v1/registries/shop', { json: { idempotencyKeyPointer: null } });
    expect(await json<{ idempotencyKeyPointer: null }>(cleared)).toMatchObject({
      idempotencyKeyPointer: null,
    });
  });

  it('replays a dead letter the forwarder gave up on: validated again, back in the outbox with fresh attempts', async () => {
    const [id] = await createDeadLetterStore(handle.db).insert([
      {
        reason: 'forward_failed',
        registry: 'shop',
        schema: 'orders@OrderPlaced',
        version: 1,
        event: JSON.stringify(goodOrder),
        attempts: 8,
        lastError: 'ThrottlingException: Rate exceeded',
        idempotencyKey: 'gave-up',
      },
    ]);
    const listed = await listLetters('?reason=forward_failed');
    expect(listed.items.map((i) => i.id)).toEqual([id]);
    expect(listed.items[0]).toMatchObject({
      attempts: 8,
      lastError: 'ThrottlingException: Rate exceeded',
      errors: [],
    });
    const res = await t.call('POST', `/v1/dead-letters/${id}/replay`);
    expect(res.status).toBe(202);
    const accepted = await json<{ id: string; version: number }>(res);
    expect(accepted.version).toBe(2);
    expect(await outboxRow(accepted.id)).toMatchObject({
      attempts: 0,
      idempotencyKey: 'gave-up',
      lastError: null,
    });
  });

  it('documents the gate in /openapi.json', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await t.call('GET', '/openapi.json'),
    );
    expect(Object.keys(doc.paths['/v1/events']!)).toEqual(['post']);
    expect(doc.paths['/v1/events/batch']).toHaveProperty('post');
    expect(Object.keys(doc.paths['/v1/dead-letters']!)).toEqual(['get']);
    expect(doc.paths['/v1/dead-letters/replay']).toHaveProperty('post');
    expect(doc.paths['/v1/dead-letters/{id}/replay']).toHaveProperty('post');
    expect(doc.paths['/v1/dead-letters/{id}']).toHaveProperty('delete');
  });

  it('shows the dead letters and the replays on /metrics', async () => {
    const text = await (await t.call('GET', '/metrics')).text();
    const { items } = await listLetters('?limit=1000');
    const invalid = items.filter((i) => i.reason === 'invalid').length;
    expect(text).toContain(`schemagate_dead_letters{reason="invalid"} ${invalid}`);
    expect(text).toContain('schemagate_dead_letters{reason="forward_failed"} 0');
    expect(text).toMatch(/schemagate_idempotent_replays_total [1-9]/);
  });
});
