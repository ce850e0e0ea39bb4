import { beforeEach, describe, expect, it } from 'vitest';
import {
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  makeIdempotent,
} from '../src/make-idempotent.ts';
import type { IdempotencyStore } from '../src/store/types.ts';
import { eachStoreKind, type StoreFixture, storeFixture } from './store-kinds.ts';

interface OrderPlaced {
  id?: string;
  detail: { amount: number };
}

describe.each(eachStoreKind())('makeIdempotent on the $name store', (kind) => {
  let store: IdempotencyStore;
  let clock: StoreFixture['clock'];
  let charges: number[];

  storeFixture(kind, { leaseSeconds: 30 }, (fresh) => {
    ({ clock, store } = fresh);
  });
  beforeEach(() => {
    charges = [];
  });

  const charge = (event: OrderPlaced) => {
    charges.push(event.detail.amount);
    return { charged: event.detail.amount, receipt: `r-${charges.length}` };
  };

  it('runs each key once and returns the first result to repeats', async () => {
    const handle = makeIdempotent(charge, { store, key: (event) => event.id });
    const first = await handle({ id: 'e1', detail: { amount: 5 } });
    expect(first).toEqual({ charged: 5, receipt: 'r-1' });
    expect(await handle({ id: 'e1', detail: { amount: 5 } })).toEqual(first);
    expect(await handle({ id: 'e2', detail: { amount: 7 } })).toEqual({ charged: 7, receipt: 'r-2' });
    expect(charges).toEqual([5, 7]);
  });

  it('remembers a handler that returns nothing', async () => {
    let calls = 0;
    const handle = makeIdempotent(
      async (_event: OrderPlaced) => {
        calls++;
      },
      { store, key: (event) => event.id },
    );
    expect(await handle({ id: 'v', detail: { amount: 1 } })).toBeUndefined();
    expect(await handle({ id: 'v', detail: { amount: 1 } })).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('throws IdempotencyInFlightError for a duplicate while the first runs', async () => {
    let finish!: () => void;
    const handle = makeIdempotent(
      async (event: OrderPlaced) => {
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return charge(event);
      },
      { store, key: (event) => event.id },
    );
    const first = handle({ id: 'slow', detail: { amount: 3 } });
    await expect.poll(() => finish).toBeTypeOf('function');
    const duplicate = await handle({ id: 'slow', detail: { amount: 3 } }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(IdempotencyInFlightError);
    expect(duplicate).toMatchObject({ key: 'slow', retryAfterSeconds: 1 });
    finish();
    expect(await first).toEqual({ charged: 3, receipt: 'r-1' });
    expect(await handle({ id: 'slow', detail: { amount: 3 } })).toEqual({ charged: 3, receipt: 'r-1' });
    expect(charges).toEqual([3]);
  });

  it('releases the key when the handler throws, so the redelivery runs', async () => {
    let fail = true;
    const handle = makeIdempotent(
      (event: OrderPlaced) => {
        if (fail) throw new Error('card service down');
        return charge(event);
      },
      { store, key: (event) => event.id },
    );
    await expect(handle({ id: 'e3', detail: { amount: 9 } })).rejects.toThrow('card service down');
    fail = false;
    expect(await handle({ id: 'e3', detail: { amount: 9 } })).toEqual({ charged: 9, receipt: 'r-1' });
  });

  it('refuses another payload under a used key when a fingerprint is given', async () => {
    const handle = makeIdempotent(charge, {
      store,
      key: (event) => event.id,
      fingerprint: (event) => JSON.stringify(event.detail),
    });
    await handle({ id: 'e4', detail: { amount: 1 } });
    const reused = await handle({ id: 'e4', detail: { amount: 100 } }).catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await handle({ id: 'e4', detail: { amount: 1 } })).toEqual({ charged: 1, receipt: 'r-1' });
    expect(charges).toEqual([1]);
  });

  it('runs again after the TTL, and runs keyless calls every time', async () => {
    const handle = makeIdempotent(charge, { store, key: (event) => event.id, ttlSeconds: 60 });
    await handle({ id: 'e5', detail: { amount: 2 } });
    clock.advance(60_000);
    expect(await handle({ id: 'e5', detail: { amount: 2 } })).toEqual({ charged: 2, receipt: 'r-2' });
    await handle({ detail: { amount: 4 } });
    await handle({ detail: { amount: 4 } });
    expect(charges).toEqual([2, 2, 4, 4]);
  });

  it('takes over a call whose process died, after its lease', async () => {
    const handle = makeIdempotent(charge, { store, key: (event) => event.id, scope: 'charges' });
    // what a killed process leaves behind: a record begun and never finished
    await store.begin({ scope: 'charges', key: 'e6', fingerprint: '', ttlSeconds: 3600 });
    await expect(handle({ id: 'e6', detail: { amount: 8 } })).rejects.toBeInstanceOf(
      IdempotencyInFlightError,
    );
    clock.advance(30_000);
    expect(await handle({ id: 'e6', detail: { amount: 8 } })).toEqual({ charged: 8, receipt: 'r-1' });
  });

  it('keeps handlers apart by scope', async () => {
    const a = makeIdempotent(charge, { store, key: (event) => event.id, scope: 'a' });
    const b = makeIdempotent(charge, { store, key: (event) => event.id, scope: 'b' });
    await a({ id: 'same', detail: { amount: 1 } });
    await b({ id: 'same', detail: { amount: 2 } });
    expect(charges).toEqual([1, 2]);
  });
});
