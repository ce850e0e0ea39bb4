import { type DatabaseHandle, newEventId, schema } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import {
  createIdempotencyStore,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
} from '@schemagate/idempotency';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/services/group-commit.ts';

describe.each(eachDatabase())('group commit ($name)', (database) => {
  let handle: DatabaseHandle;
  let transactions = 0;
  let announced = 0;
  let group: GroupCommit;
  let store: IdempotencyStore;
  const record = (key: string, body = key) => ({
    scope: 'group',
    key,
    fingerprint: `fp-${key}`,
    ttlSeconds: 600,
    response: { status: 202, headers: {}, body },
  });
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
    store = createIdempotencyStore({ db: handle.db });
    // opened outside the groups' transactions (PGlite runs one at a time)
    await store.insertCompleted([]);
    group = new GroupCommit(counted, {
      concurrency: 2,
      maxGroup: 50,
      bounded: (work) => work,
      store,
      outboxWritten: () => announced++,
    });
  });
  afterAll(() => handle?.close());

  it('writes finished idempotency records with their rows, and drops the rows of a key that has a record', async () => {
    const done = await store.begin({
      scope: 'group',
      key: 'taken',
      fingerprint: 'fp-taken',
      ttlSeconds: 600,
    });
    if (done.state !== 'acquired') throw new Error(`expected to acquire, got ${done.state}`);
    await store.complete(done.lease, { status: 202, headers: {}, body: 'the first' });
    const rows = Array.from({ length: 6 }, row);
    const keys = ['new-0', 'new-1', 'taken', 'new-3', 'new-1', 'new-5'];
    const written = await Promise.all(
      rows.map((r, i) => group.submit({ outbox: [r], record: record(keys[i]!, `answer-${i}`) })),
    );
    // the key already finished, and the second request of one key in the same group, wrote nothing
    expect(written).toEqual([true, true, false, true, false, true]);
    expect(await stored(rows.map((r) => r.id))).toEqual(
      rows
        .filter((_, i) => written[i])
        .map((r) => r.id)
        .sort(),
    );
    const replay = async (key: string) => {
      const begun = await store.begin({ scope: 'group', key, fingerprint: `fp-${key}`, ttlSeconds: 600 });
      return begun.state === 'replay' ? begun.response.body : begun.state;
    };
    expect(await replay('taken')).toBe('the first');
    expect(await replay('new-1')).toBe('answer-1');
    expect(await replay('new-5')).toBe('answer-5');
  });

  it('writes no record of a group that fails', async () => {
    const results = await Promise.allSettled([
      group.submit({ outbox: [row()], record: record('doomed-0') }),
      group.submit({
        record: record('doomed-1'),
        complete: async (tx) => {
          await tx.execute(sql`select * from no_such_table`);
        },
      }),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const key of ['doomed-0', 'doomed-1']) {
      const begun = await store.begin({ scope: 'group', key, fingerprint: `fp-${key}`, ttlSeconds: 600 });
      // nothing was kept: the client's retry is processed
      expect(begun.state).toBe('acquired');
    }
  });

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

  it('announces each commit that kept outbox rows once, whatever its number of writes, and no other', async () => {
    transactions = 0;
    announced = 0;
    await Promise.all(Array.from({ length: 120 }, row).map((r) => group.submit({ outbox: [r] })));
    expect(announced).toBe(transactions);
    expect(announced).toBeLessThan(10);
    announced = 0;
    // a write without outbox rows, a group that failed, a write whose key had a record: nothing to forward
    await group.submit({ record: record('no-rows') });
    await Promise.allSettled([
      group.submit({ outbox: [row()] }),
      group.submit({
        complete: async (tx) => {
          await tx.execute(sql`select * from no_such_table`);
        },
      }),
    ]);
    expect(await group.submit({ outbox: [row()], record: record('no-rows') })).toBe(false);
    expect(announced).toBe(0);
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
