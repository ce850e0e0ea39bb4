import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeadLetterStore,
  type DatabaseHandle,
  type DeadLetterStore,
  insertOutboxEvents,
  newEventId,
  StoreError,
  schema,
} from '../src/index.ts';
import { eventIdTime } from '../src/store/outbox-writes.ts';
import { eachDatabase } from '../src/testing.ts';

describe('newEventId', () => {
  it('puts the time first, so ids sort by the time they were made', () => {
    const earlier = newEventId(1_700_000_000_000);
    const later = newEventId(1_700_000_000_001);
    expect(earlier).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(earlier < later).toBe(true);
    expect(eventIdTime(earlier).getTime()).toBe(1_700_000_000_000);
    // ids of one millisecond, or made while the clock stepped back, still only grow
    const burst = Array.from({ length: 1000 }, (_, i) => newEventId(i % 2 === 0 ? 5 : 4));
    expect(new Set(burst).size).toBe(1000);
    expect([...burst].sort()).toEqual(burst);
  });
});

describe.each(eachDatabase())('gate storage ($name)', (database) => {
  let handle: DatabaseHandle;
  let letters: DeadLetterStore;
  beforeAll(async () => {
    handle = await database.create();
    letters = createDeadLetterStore(handle.db);
  });
  afterAll(() => handle?.close());

  const invalid = (registry: string, name: string, n: number) => ({
    reason: 'invalid' as const,
    registry,
    schema: name,
    version: 1,
    event: JSON.stringify({ n }),
    errors: [{ path: '/n', keyword: 'type', message: 'must be string', schemaPath: '#/properties/n/type' }],
    idempotencyKey: `k-${n}`,
  });

  it('writes accepted events to the outbox in a transaction, all or none', async () => {
    const ids = await handle.db.transaction((tx) =>
      insertOutboxEvents(tx as never, [
        { registry: 'r', schema: 's', version: 1, event: '{"a":1}', idempotencyKey: 'one' },
        { registry: 'r', schema: 's', version: 2, event: '{"a":2}' },
      ]),
    );
    expect(ids).toHaveLength(2);
    const rows = await handle.db.select().from(schema.outbox).where(eq(schema.outbox.id, ids[0]!));
    expect(rows[0]).toMatchObject({ event: '{"a":1}', idempotencyKey: 'one', attempts: 0, version: 1 });
    await expect(
      handle.db.transaction(async (tx) => {
        await insertOutboxEvents(tx as never, [{ registry: 'r', schema: 's', version: 1, event: '{}' }]);
        throw new Error('the idempotency record could not be completed');
      }),
    ).rejects.toThrow('could not be completed');
    const [count] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(schema.outbox);
    expect(Number(count!.n)).toBe(2);
  });

  it('lists by filters, oldest first, page by page with a cursor', async () => {
    for (let n = 0; n < 5; n++) await letters.insert([invalid('orders', 'placed', n)]);
    await letters.insert([invalid('orders', 'shipped', 10), invalid('billing', 'placed', 11)]);
    await letters.insert([
      {
        reason: 'forward_failed',
        registry: 'orders',
        schema: 'placed',
        version: 1,
        event: '{}',
        attempts: 8,
        lastError: 'throttled',
      },
    ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await letters.list(
        { registry: 'orders', schema: 'placed', reason: 'invalid' },
        { limit: 2, ...(cursor ? { cursor } : {}) },
      );
      seen.push(...page.items.map((i) => i.event));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((n) => JSON.stringify({ n })));
    expect(pages).toBe(3);
    const all = await letters.list({}, { limit: 100 });
    expect(all.items).toHaveLength(8);
    expect(all.nextCursor).toBeUndefined();
    expect((await letters.list({ reason: 'forward_failed' }, { limit: 10 })).items[0]).toMatchObject({
      attempts: 8,
      lastError: 'throttled',
      errors: [],
    });
    expect(
      (await letters.list({ registries: ['billing'] }, { limit: 10 })).items.map((i) => i.registry),
    ).toEqual(['billing']);
    expect((await letters.list({ registries: [] }, { limit: 10 })).items).toEqual([]);
    await expect(letters.list({}, { limit: 1, cursor: 'bm90IG91cnM' })).rejects.toBeInstanceOf(StoreError);
    expect(await letters.countByReason()).toEqual({ invalid: 7, forward_failed: 1 });
  });

  it('moves a re-validated dead letter to the outbox in one transaction, once', async () => {
    const [id] = await letters.insert([invalid('moves', 'placed', 20)]);
    const moved = await letters.moveToOutbox([{ id: id!, schema: 'placed', version: 3 }]);
    const outboxId = moved.get(id!);
    expect(outboxId).toBeDefined();
    expect(await letters.get(id!)).toBeUndefined();
    const [row] = await handle.db.select().from(schema.outbox).where(eq(schema.outbox.id, outboxId!));
    expect(row).toMatchObject({ registry: 'moves', schema: 'placed', version: 3, idempotencyKey: 'k-20' });
    // a second replay of the same dead letter finds nothing to move
    expect((await letters.moveToOutbox([{ id: id!, schema: 'placed', version: 3 }])).size).toBe(0);
  });

  it('records new errors of a failed re-validation, and deletes', async () => {
    const [id] = await letters.insert([invalid('errs', 'placed', 30)]);
    const errors = [{ path: '/m', keyword: 'required', message: 'must have m', schemaPath: '#/required' }];
    await letters.recordErrors([{ id: id!, errors, schema: 'placed', version: 2 }]);
    expect(await letters.get(id!)).toMatchObject({ errors, version: 2, reason: 'invalid' });
    expect(await letters.delete(id!)).toBe(true);
    expect(await letters.delete(id!)).toBe(false);
  });
});
