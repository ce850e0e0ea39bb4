/**
 * The IETF Idempotency-Key draft (07) through the gate: a finished request replayed byte for byte with
 * `Idempotency-Replayed: true`, the same key with another payload 422 (the first record intact), a key in flight
 * 409 with Retry-After, a missing key 400 where the server requires one, GET ignored; and a batch entry's own key.
 */
import { type DatabaseHandle, keyPrefix, schema } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { requestFingerprint } from '@schemagate/idempotency';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badOrder, goodOrder, orderPlacedV1 } from './fixtures.ts';
import { NO_SHEDDING, startTestApp, type TestApp } from './harness.ts';

describe.each(eachDatabase())('Idempotency-Key on the gate ($name)', (database) => {
  let handle: DatabaseHandle;
  let t: TestApp;
  /** A second app on the same database that requires a key. */
  let strict: TestApp;
  const send = (app: TestApp, json: unknown, key?: string) =>
    app.call('POST', '/v1/events', {
      key: 'validate',
      json,
      ...(key !== undefined ? { headers: { 'idempotency-key': key } } : {}),
    });
  const outboxRows = (key: string) =>
    handle.db.select().from(schema.outbox).where(eq(schema.outbox.idempotencyKey, key));

  beforeAll(async () => {
    handle = await database.create();
    t = await startTestApp(handle, NO_SHEDDING);
    strict = await startTestApp(handle, { ...NO_SHEDDING, SCHEMAGATE_IDEMPOTENCY_REQUIRED: 'true' });
    await t.call('PUT', '/v1/registries/shop', { json: {} });
    const res = await t.call('POST', '/v1/registries/shop/schemas/orders@OrderPlaced/versions', {
      json: { schema: orderPlacedV1 },
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => t?.close());

  it('replays a finished request byte for byte, marked Idempotency-Replayed, and stores the event once', async () => {
    const first = await send(t, { event: goodOrder, registry: 'shop' }, '"order-1"');
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const text = await first.text();
    for (let i = 0; i < 2; i++) {
      const again = await send(t, { event: goodOrder, registry: 'shop' }, '"order-1"');
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(await again.text()).toBe(text);
    }
    expect(await outboxRows('order-1')).toHaveLength(1);
    const metrics = await (await t.call('GET', '/metrics')).text();
    expect(metrics).toContain('schemagate_idempotent_replays_total 2');
  });

  it('replays a refused event too, with the same dead letter', async () => {
    const first = await send(t, { event: badOrder, registry: 'shop' }, '"order-bad"');
    expect(first.status).toBe(422);
    const text = await first.text();
    const again = await send(t, { event: badOrder, registry: 'shop' }, '"order-bad"');
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.text()).toBe(text);
    const letters = await handle.db
      .select()
      .from(schema.deadLetters)
      .where(eq(schema.deadLetters.idempotencyKey, 'order-bad'));
    expect(letters).toHaveLength(1);
    expect(letters[0]!.id).toBe(JSON.parse(text).deadLetterId);
  });

  it('answers 422 idempotency_key_reused for the same key with another payload, and keeps the first record', async () => {
    const other = await send(t, { event: { ...goodOrder, id: 'another' }, registry: 'shop' }, '"order-1"');
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const original = await send(t, { event: goodOrder, registry: 'shop' }, '"order-1"');
    expect(original.status).toBe(202);
    expect(original.headers.get('idempotency-replayed')).toBe('true');
    expect(await outboxRows('order-1')).toHaveLength(1);
  });

  it('keeps no record of an answer given before the gate acted: the retry after the fix is processed', async () => {
    const body = { event: goodOrder, registry: 'later' };
    const early = await send(t, body, '"order-early"');
    expect(early.status).toBe(404);
    // the registry and its schema arrive; the client's retry with the same key is judged, not replayed the 404
    await t.call('PUT', '/v1/registries/later', { json: {} });
    const registered = await t.call('POST', '/v1/registries/later/schemas/orders@OrderPlaced/versions', {
      json: { schema: orderPlacedV1 },
    });
    expect(registered.status).toBe(201);
    const retry = await send(t, body, '"order-early"');
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    const again = await send(t, body, '"order-early"');
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.text()).toBe(await retry.text());
    // a body that is not JSON under a key, then the right one with that key: processed
    const broken = await t.call('POST', '/v1/events', {
      key: 'validate',
      body: '{"event": ',
      headers: { 'content-type': 'application/json', 'idempotency-key': '"order-broken"' },
    });
    expect(broken.status).toBe(400);
    expect((await send(t, { event: goodOrder, registry: 'shop' }, '"order-broken"')).status).toBe(202);
    expect(await outboxRows('order-early')).toHaveLength(1);
    expect(await outboxRows('order-broken')).toHaveLength(1);
  });

  it('stores the event text as sent under a key, whatever its characters, and a BOM before the body is dropped', async () => {
    const body = `{"registry":"shop","event":${JSON.stringify({ ...goodOrder, id: 'text-é-😀' }).replace('é', '\\u00e9')}}`;
    const res = await t.call('POST', '/v1/events', {
      key: 'validate',
      body: `\uFEFF${body}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': '"order-text"' },
    });
    expect(res.status).toBe(202);
    const [row] = await outboxRows('order-text');
    expect(row!.event).toBe(body.slice(body.indexOf('"event":') + 8, -1));
  });

  it('processes a key sent many times at once once: one outbox row, the same answer to all', async () => {
    const body = { event: { ...goodOrder, id: 'concurrent-1' }, registry: 'shop' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(t, body, '"order-concurrent"')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
    expect(answers.filter((a) => !a.headers.has('idempotency-replayed'))).toHaveLength(1);
    const texts = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(texts).size).toBe(1);
    expect(await outboxRows('order-concurrent')).toHaveLength(1);
    // and a key sent at once with two different events: one is accepted, the other refused as a reused key
    const pair = await Promise.all([
      send(t, { event: { ...goodOrder, id: 'pair-a' }, registry: 'shop' }, '"order-pair"'),
      send(t, { event: { ...goodOrder, id: 'pair-b' }, registry: 'shop' }, '"order-pair"'),
    ]);
    expect(pair.map((a) => a.status).sort()).toEqual([202, 422]);
    expect(await outboxRows('order-pair')).toHaveLength(1);
  });

  it('releases a whole-batch key when the batch was refused before it ran', async () => {
    const refused = await t.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [{ registry: 'shop' }] },
      headers: { 'idempotency-key': '"batch-refused"' },
    });
    expect(refused.status).toBe(422);
    const ran = await t.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [{ event: { ...goodOrder, id: 'batch-refused' }, registry: 'shop' }] },
      headers: { 'idempotency-key': '"batch-refused"' },
    });
    expect(ran.status).toBe(200);
    expect(ran.headers.get('idempotency-replayed')).toBeNull();
  });

  it('answers 409 idempotency_key_in_flight with Retry-After while another request holds the key', async () => {
    const keys = (await (await t.call('GET', '/v1/keys')).json()) as {
      items: { id: string; prefix: string }[];
    };
    const validateKey = keys.items.find((k) => k.prefix === keyPrefix(t.keys.validate))!;
    const body = JSON.stringify({ event: goodOrder, registry: 'shop' });
    // another replica began this very request and has not answered yet
    const begun = await t.schemagate.gate!.idempotencyStore.begin({
      scope: `${validateKey.id} POST /v1/events`,
      key: 'order-busy',
      fingerprint: requestFingerprint('POST', '/v1/events', new TextEncoder().encode(body)),
      ttlSeconds: 60,
    });
    expect(begun.state).toBe('acquired');
    const res = await t.call('POST', '/v1/events', {
      key: 'validate',
      body,
      headers: { 'idempotency-key': '"order-busy"' },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect(await res.json()).toMatchObject({ code: 'idempotency_key_in_flight' });
    expect(await outboxRows('order-busy')).toHaveLength(0);
    // the holder gives up: the client's retry is processed
    if (begun.state === 'acquired') await t.schemagate.gate!.idempotencyStore.release(begun.lease);
    const retry = await t.call('POST', '/v1/events', {
      key: 'validate',
      body,
      headers: { 'idempotency-key': '"order-busy"' },
    });
    expect(retry.status).toBe(202);
    expect(await outboxRows('order-busy')).toHaveLength(1);
  });

  it('keeps keys apart per API key: the same key from another key is another request', async () => {
    const mine = await send(t, { event: goodOrder, registry: 'shop' }, '"shared-key"');
    const theirs = await t.call('POST', '/v1/events', {
      key: 'admin',
      json: { event: goodOrder, registry: 'shop' },
      headers: { 'idempotency-key': '"shared-key"' },
    });
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    expect(theirs.headers.get('idempotency-replayed')).toBeNull();
    expect(await outboxRows('shared-key')).toHaveLength(2);
  });

  it('ignores the header on GET', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.call('GET', '/v1/dead-letters', { headers: { 'idempotency-key': '"a-get"' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('idempotency-replayed')).toBeNull();
    }
  });

  it('refuses a malformed header with 400', async () => {
    const res = await send(t, { event: goodOrder, registry: 'shop' }, '"unterminated');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'idempotency_key_invalid' });
  });

  it('answers 400 idempotency_key_missing where a key is required, unless the registry pointer gives one', async () => {
    expect(await (await strict.call('GET', '/v1/quotas')).json()).toMatchObject({
      idempotency: { ttlSeconds: 86_400, required: true },
    });
    const missing = await send(strict, { event: goodOrder, registry: 'shop' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'idempotency_key_missing' });
    expect((await send(strict, { event: goodOrder, registry: 'shop' }, '"strict-1"')).status).toBe(202);
    // the app that is not strict still takes events without a key
    expect((await send(t, { event: goodOrder, registry: 'shop' })).status).toBe(202);

    await strict.call('PUT', '/v1/registries/shop', { json: { idempotencyKeyPointer: '/id' } });
    const pointed = await send(strict, { event: { ...goodOrder, id: 'from-pointer' }, registry: 'shop' });
    expect(pointed.status).toBe(202);
    expect(await outboxRows('from-pointer')).toHaveLength(1);
    const batch = await strict.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: {
        events: [
          { event: { ...goodOrder, id: 'batch-pointer' }, registry: 'shop' },
          { event: { ...goodOrder, id: undefined }, registry: 'shop' },
          { event: { ...goodOrder, id: undefined }, registry: 'shop', idempotencyKey: 'batch-own' },
        ],
      },
    });
    const body = (await batch.json()) as { failedCount: number; results: Record<string, unknown>[] };
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'refused', 'accepted']);
    expect(body.results[1]).toMatchObject({ code: 'idempotency_key_missing', httpStatus: 400 });
    expect(body.failedCount).toBe(1);
    await strict.call('PUT', '/v1/registries/shop', { json: { idempotencyKeyPointer: null } });
  });

  it('answers a storage fault while storing 503 with Retry-After, and frees the key for the retry', async () => {
    let failing = true;
    // the gate's transactions fail while `failing`, as they do while Postgres restarts; reads still work
    const faulty = new Proxy(handle.db, {
      get(target, property, receiver) {
        if (property === 'transaction' && failing) {
          return () =>
            Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' }),
            );
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const flaky = await startTestApp(handle, NO_SHEDDING, { db: faulty });
    const body = { event: goodOrder, registry: 'shop' };
    const call = () =>
      flaky.call('POST', '/v1/events', {
        key: 'validate',
        json: body,
        headers: { 'idempotency-key': '"fault-1"' },
      });
    const down = await call();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('1');
    expect(await down.json()).toMatchObject({ code: 'storage_unavailable' });
    const batch = await flaky.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [{ ...body, idempotencyKey: 'fault-2' }] },
    });
    expect(batch.status).toBe(503);
    expect(await outboxRows('fault-1')).toHaveLength(0);
    failing = false;
    const up = await call();
    expect(up.status).toBe(202);
    expect(up.headers.get('idempotency-replayed')).toBeNull();
    expect(await outboxRows('fault-1')).toHaveLength(1);
    const retried = await flaky.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [{ ...body, idempotencyKey: 'fault-2' }] },
    });
    const [entry] = ((await retried.json()) as { results: Record<string, unknown>[] }).results;
    expect(entry).toMatchObject({ status: 'accepted' });
    expect(entry).not.toHaveProperty('replayed');
  });

  it('answers the entries of a batch whose second write failed as not stored, and keeps those the first wrote', async () => {
    let armed = false;
    let transactions = 0;
    // the gate's second transaction of the batch fails (the first, without claims, commits)
    const faulty = new Proxy(handle.db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'transaction' && armed && ++transactions === 2) {
          return () => Promise.reject(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }));
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    // not closed: it shares the database of the other tests (closing it would close that)
    const flaky = await startTestApp(handle, NO_SHEDDING, { db: faulty });
    const keys = (await (await flaky.call('GET', '/v1/keys')).json()) as {
      items: { id: string; prefix: string }[];
    };
    const validateKey = keys.items.find((k) => k.prefix === keyPrefix(flaky.keys.validate))!;
    const old = await flaky.schemagate.gate!.idempotencyStore.begin({
      scope: `${validateKey.id} POST /v1/events/batch entry`,
      key: 'split-expired',
      fingerprint: 'another request',
      ttlSeconds: 0.001,
    });
    expect(old.state).toBe('acquired');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const keyed = {
      event: { ...goodOrder, id: 'split-keyed' },
      registry: 'shop',
      idempotencyKey: 'split-expired',
    };
    const unkeyed = { event: { ...goodOrder, id: 'split-unkeyed' }, registry: 'shop' };
    armed = true;
    const res = await flaky.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [keyed, unkeyed] },
    });
    armed = false;
    expect(res.status).toBe(200);
    const { failedCount, results } = (await res.json()) as {
      failedCount: number;
      results: Record<string, unknown>[];
    };
    expect(failedCount).toBe(1);
    expect(results[0]).toMatchObject({ status: 'refused', code: 'storage_unavailable', httpStatus: 503 });
    expect(results[1]).toMatchObject({ status: 'accepted' });
    expect(await outboxRows('split-expired')).toHaveLength(0);
    // the entry sent again with its key is processed
    const retry = await flaky.call('POST', '/v1/events/batch', {
      key: 'validate',
      json: { events: [keyed] },
    });
    expect(((await retry.json()) as { results: Record<string, unknown>[] }).results[0]).toMatchObject({
      status: 'accepted',
    });
    expect(await outboxRows('split-expired')).toHaveLength(1);
  });

  it('replays a whole batch sent again with the same Idempotency-Key header', async () => {
    const call = () =>
      t.call('POST', '/v1/events/batch', {
        key: 'validate',
        json: { events: [{ event: { ...goodOrder, id: 'whole-1' }, registry: 'shop' }] },
        headers: { 'idempotency-key': '"whole-batch"' },
      });
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const again = await call();
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
  });

  it('writes batch entries with their records at once: a key twice, or in two batches at once, is processed once', async () => {
    const call = (events: unknown[]) =>
      t
        .call('POST', '/v1/events/batch', { key: 'validate', json: { events } })
        .then(async (r) => (await r.json()) as { failedCount: number; results: Record<string, unknown>[] });
    const entry = { event: { ...goodOrder, id: 'twice' }, registry: 'shop', idempotencyKey: 'entry-twice' };
    const once = await call([entry, entry]);
    expect(once.results[0]).toMatchObject({ status: 'accepted' });
    expect(once.results[1]).toEqual({ ...once.results[0], replayed: true });
    expect(await outboxRows('entry-twice')).toHaveLength(1);
    const many = Array.from({ length: 10 }, (_, n) => ({
      event: { ...goodOrder, id: `raced-${n}` },
      registry: 'shop',
      idempotencyKey: `entry-raced-${n}`,
    }));
    const [a, b] = await Promise.all([call(many), call([...many].reverse())]);
    for (let n = 0; n < many.length; n++) {
      const pair = [a.results[n]!, b.results[many.length - 1 - n]!];
      expect(pair.map((r) => r.id)).toEqual([pair[0]!.id, pair[0]!.id]);
      expect(pair.filter((r) => r.replayed !== true)).toHaveLength(1);
      expect(await outboxRows(`entry-raced-${n}`)).toHaveLength(1);
    }
  });

  it('claims a batch entry’s key whose old record expired, and writes the entry with it', async () => {
    const keys = (await (await t.call('GET', '/v1/keys')).json()) as {
      items: { id: string; prefix: string }[];
    };
    const validateKey = keys.items.find((k) => k.prefix === keyPrefix(t.keys.validate))!;
    // a record of another request under this key, expired at once (as one 24 h old not yet swept)
    const old = await t.schemagate.gate!.idempotencyStore.begin({
      scope: `${validateKey.id} POST /v1/events/batch entry`,
      key: 'entry-expired',
      fingerprint: 'another request',
      ttlSeconds: 0.001,
    });
    expect(old.state).toBe('acquired');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const events = [
      { event: { ...goodOrder, id: 'expired-key' }, registry: 'shop', idempotencyKey: 'entry-expired' },
      { event: { ...goodOrder, id: 'no-key' }, registry: 'shop' },
      { event: { ...goodOrder, id: 'new-key' }, registry: 'shop', idempotencyKey: 'entry-new' },
    ];
    const call = () =>
      t
        .call('POST', '/v1/events/batch', { key: 'validate', json: { events } })
        .then(async (r) => ((await r.json()) as { results: Record<string, unknown>[] }).results);
    const first = await call();
    expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(first.some((r) => r.replayed)).toBe(false);
    const again = await call();
    expect(again[0]).toEqual({ ...first[0], replayed: true });
    expect(again[2]).toEqual({ ...first[2], replayed: true });
    expect(await outboxRows('entry-expired')).toHaveLength(1);
    expect(await outboxRows('entry-new')).toHaveLength(1);
  });

  it('keeps no record of a batch entry refused before the gate acted on it', async () => {
    const entry = {
      event: { ...goodOrder, id: 'refused-first' },
      registry: 'later-batch',
      idempotencyKey: 'entry-later',
    };
    const call = () =>
      t
        .call('POST', '/v1/events/batch', { key: 'validate', json: { events: [entry] } })
        .then(async (r) => ((await r.json()) as { results: Record<string, unknown>[] }).results[0]!);
    expect(await call()).toMatchObject({ status: 'refused', httpStatus: 404 });
    await t.call('PUT', '/v1/registries/later-batch', { json: {} });
    const registered = await t.call(
      'POST',
      '/v1/registries/later-batch/schemas/orders@OrderPlaced/versions',
      {
        json: { schema: orderPlacedV1 },
      },
    );
    expect(registered.status).toBe(201);
    const accepted = await call();
    expect(accepted).toMatchObject({ status: 'accepted' });
    expect(accepted).not.toHaveProperty('replayed');
    expect(await call()).toEqual({ ...accepted, replayed: true });
  });

  it('gives each batch entry its own record: a repeat answers the stored result, a reused key 422', async () => {
    const entries = [
      { event: goodOrder, registry: 'shop', idempotencyKey: 'entry-1' },
      { event: badOrder, registry: 'shop', idempotencyKey: 'entry-2' },
    ];
    const call = (events: unknown[]) =>
      t
        .call('POST', '/v1/events/batch', { key: 'validate', json: { events } })
        .then(async (r) => (await r.json()) as { failedCount: number; results: Record<string, unknown>[] });
    const first = await call(entries);
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'invalid']);
    const again = await call([
      entries[1],
      { event: { ...goodOrder, id: 'changed' }, registry: 'shop', idempotencyKey: 'entry-1' },
      entries[0],
      entries[0],
    ]);
    expect(again.results[0]).toEqual({ ...first.results[1], replayed: true });
    expect(again.results[1]).toMatchObject({
      status: 'refused',
      code: 'idempotency_key_reused',
      httpStatus: 422,
    });
    expect(again.results[2]).toEqual({ ...first.results[0], replayed: true });
    expect(again.results[3]).toEqual({ ...first.results[0], replayed: true });
    expect(await outboxRows('entry-1')).toHaveLength(1);
  });
});
