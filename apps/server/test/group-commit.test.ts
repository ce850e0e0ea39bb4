import { type DatabaseHandle, newEventId, schema } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { IdempotencyLeaseLostError } from '@schemagate/idempotency';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/services/group-commit.ts';

describe.each(eachDatabase())('group commit ($name)', (database) => {
  let handle: DatabaseHandle;
  let transactions = 0;
  let group: GroupCommit;
  const row = () => ({ id: newEventId(), registry: 'r', schema: 's', version: 1, event: '{}' });
  const stored = async (ids: string[]) =>
    (
      await handle.db
        .select({ id: schema.outbox.id })
        .from(schema.outbox)
        .where(inArray(schema.outbox.id, ids))
    )
      .map((r) => r.id)
      .sort();

  beforeAll(async () => {
    handle = await database.create();
    const counted = new Proxy(handle.db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => {
          transactions++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    group = new GroupCommit(counted, { concurrency: 2, maxGroup: 50, bounded: (work) => work });
  });
  afterAll(() => handle?.close());

  it('commits the writes of concurrent requests in a few transactions', async () => {
    transactions = 0;
    const rows = Array.from({ length: 120 }, row);
    await Promise.all(rows.map((r) => group.submit({ outbox: [r] })));
    expect(await stored(rows.map((r) => r.id))).toEqual(rows.map((r) => r.id).sort());
    // 120 writes in groups of at most 50, two groups at a time
    expect(transactions).toBeGreaterThanOrEqual(3);
    expect(transactions).toBeLessThan(10);
  });

  it('fails a write whose record was taken over alone, before its rows are written', async () => {
    const rows = Array.from({ length: 5 }, row);
    const lost = new IdempotencyLeaseLostError({ scope: 's', key: 'k', token: 't' });
    const results = await Promise.allSettled(
      rows.map((r, i) =>
        group.submit({
          outbox: [r],
          complete: async () => {
            if (i === 2) throw lost;
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toBe(lost);
    expect(await stored(rows.map((r) => r.id))).toEqual(
      rows
        .filter((_, i) => i !== 2)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('fails the whole group when a statement fails: nothing of it is written', async () => {
    const rows = Array.from({ length: 4 }, row);
    const results = await Promise.allSettled(
      rows.map((r, i) =>
        group.submit({
          outbox: [r],
          ...(i === 1
            ? {
                complete: async (tx) => {
                  await tx.execute(sql`select * from no_such_table`);
                },
              }
            : {}),
        }),
      ),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await stored(rows.map((r) => r.id))).toEqual([]);
  });
});
