import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxForwarding, type DatabaseHandle, type OutboxForwarding, schema } from '../src/index.ts';
import { eachDatabase } from '../src/testing.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(eachDatabase())('outbox forwarding ($name)', (database) => {
  let handle: DatabaseHandle;
  let outbox: OutboxForwarding;
  beforeAll(async () => {
    handle = await database.create();
    outbox = createOutboxForwarding(handle.db);
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await handle.db.delete(schema.outbox);
    await handle.db.delete(schema.deadLetters);
  });

  async function accept(count: number, prefix = 'evt') {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}_${String(i).padStart(5, '0')}`);
    await handle.db.insert(schema.outbox).values(
      ids.map((id, i) => ({
        id,
        registry: 'shop',
        schema: 'orders',
        version: 1,
        event: JSON.stringify({ n: i }),
        idempotencyKey: i % 2 ? `key-${i}` : null,
      })),
    );
    return ids;
  }

  it('claims due rows oldest first, counting an attempt, and hides them for the lease', async () => {
    const ids = await accept(5);
    const first = await outbox.claim(3, 60_000);
    expect(first.map((r) => r.id)).toEqual(ids.slice(0, 3));
    expect(first[0]).toMatchObject({ registry: 'shop', schema: 'orders', version: 1, event: '{"n":0}' });
    expect(first[1]!.idempotencyKey).toBe('key-1');
    expect(first.every((r) => r.attempts === 1 && r.createdAt instanceof Date)).toBe(true);
    // the leased rows are not due; the rest are
    expect((await outbox.claim(10, 60_000)).map((r) => r.id)).toEqual(ids.slice(3));
    expect(await outbox.claim(10, 60_000)).toEqual([]);
    expect(await outbox.stats()).toMatchObject({ pending: 5 });
  });

  it('never gives one row to two claimers racing for it', async () => {
    const ids = await accept(60, 'race');
    const claimedBy = new Map<string, number>();
    // eight claimers at a time, on Postgres over as many pooled connections, until every row is taken
    for (let round = 0; claimedBy.size < ids.length && round < 20; round++) {
      const claims = await Promise.all(Array.from({ length: 8 }, () => outbox.claim(4, 60_000)));
      for (const claim of claims)
        for (const row of claim) claimedBy.set(row.id, (claimedBy.get(row.id) ?? 0) + 1);
    }
    expect([...claimedBy.keys()].sort()).toEqual(ids);
    expect([...claimedBy.values()].every((n) => n === 1)).toBe(true);
  });

  it('makes the rows of a claimer that died claimable again once its lease runs out', async () => {
    const [id] = await accept(1);
    expect((await outbox.claim(10, 300)).map((r) => r.id)).toEqual([id]);
    // the claimer "dies": it neither acks nor reschedules
    expect(await outbox.claim(10, 300)).toEqual([]);
    await sleep(450);
    const again = await outbox.claim(10, 300);
    expect(again.map((r) => [r.id, r.attempts])).toEqual([[id, 2]]);
  });

  it('deletes forwarded rows and leaves the others', async () => {
    const ids = await accept(4);
    await outbox.claim(4, 60_000);
    await outbox.markForwarded([ids[0]!, ids[2]!]);
    await outbox.markForwarded([]);
    const left = await handle.db
      .select({ id: schema.outbox.id })
      .from(schema.outbox)
      .orderBy(schema.outbox.id);
    expect(left.map((r) => r.id)).toEqual([ids[1], ids[3]]);
  });

  it('reschedules each row after its own delay with its error', async () => {
    const ids = await accept(2);
    await outbox.claim(2, 60_000);
    await outbox.reschedule([
      { id: ids[0]!, error: 'ThrottlingException: Rate exceeded', delayMs: 0 },
      { id: ids[1]!, error: "InternalFailure: it's down", delayMs: 60_000 },
    ]);
    const due = await outbox.claim(10, 60_000);
    expect(due.map((r) => [r.id, r.attempts, r.lastError])).toEqual([
      [ids[0], 2, 'ThrottlingException: Rate exceeded'],
    ]);
    const [later] = await handle.db.select().from(schema.outbox).where(eq(schema.outbox.id, ids[1]!));
    expect(later!.lastError).toBe("InternalFailure: it's down");
    expect(later!.availableAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('moves given-up rows to dead letters with their attempts and last error, in one step', async () => {
    const ids = await accept(3);
    await outbox.claim(3, 60_000);
    await outbox.claim(3, 0); // nothing is due: the lease holds
    await outbox.moveToDeadLetters([
      { id: ids[0]!, error: 'InvalidArgument: bad entry' },
      { id: ids[1]!, error: 'ThrottlingException: Rate exceeded' },
    ]);
    const moved = await handle.db.select().from(schema.deadLetters).orderBy(schema.deadLetters.id);
    expect(moved).toMatchObject([
      {
        id: ids[0],
        reason: 'forward_failed',
        registry: 'shop',
        schema: 'orders',
        version: 1,
        event: '{"n":0}',
        errors: [],
        idempotencyKey: null,
        attempts: 1,
        lastError: 'InvalidArgument: bad entry',
      },
      { id: ids[1], idempotencyKey: 'key-1', lastError: 'ThrottlingException: Rate exceeded' },
    ]);
    const left = await handle.db.select({ id: schema.outbox.id }).from(schema.outbox);
    expect(left.map((r) => r.id)).toEqual([ids[2]]);
    // an id no longer in the outbox (forwarded meanwhile by another replica) moves nothing
    await outbox.moveToDeadLetters([{ id: ids[0]!, error: 'again' }]);
    const [kept] = await handle.db
      .select({ lastError: schema.deadLetters.lastError })
      .from(schema.deadLetters)
      .where(eq(schema.deadLetters.id, ids[0]!));
    expect(kept!.lastError).toBe('InvalidArgument: bad entry');
  });

  it('counts what waits and dates the oldest', async () => {
    expect(await outbox.stats()).toEqual({ pending: 0, oldestCreatedAt: null });
    await accept(3);
    await handle.db.execute(
      sql`update ${schema.outbox} set created_at = now() - interval '90 seconds' where id = 'evt_00001'`,
    );
    const stats = await outbox.stats();
    expect(stats.pending).toBe(3);
    const age = (Date.now() - stats.oldestCreatedAt!.getTime()) / 1000;
    expect(age).toBeGreaterThan(85);
    expect(age).toBeLessThan(120);
  });
});
