import { describe, expect, it } from 'vitest';
import { formatIdempotencyKey, parseIdempotencyKey } from '../src/idempotency-key-header.ts';
import { createIdempotencyStore } from '../src/store/create-store.ts';
import { startSweeper } from '../src/sweeper.ts';
import { manualClock } from './databases.ts';

describe('formatIdempotencyKey', () => {
  it.each(['plain', 'with "quotes"', 'back\\slash', ' spaced ', '8e03978e-40d5-43e8-bc93-6894a57f9324'])(
    'writes %j so that the parser reads it back',
    (key) => {
      expect(parseIdempotencyKey(formatIdempotencyKey(key))).toEqual({ ok: true, key });
    },
  );

  it('refuses what an RFC 8941 string cannot hold', () => {
    expect(() => formatIdempotencyKey('naïve')).toThrow(/printable ASCII/);
    expect(() => formatIdempotencyKey('line\nbreak')).toThrow(/printable ASCII/);
  });

  it('names a character outside printable ASCII in the parsed field', () => {
    expect(parseIdempotencyKey('"caf\u00e9"')).toEqual({
      ok: false,
      problem: expect.stringContaining('U+00E9'),
    });
  });
});

describe('startSweeper', () => {
  it('sweeps in batches every interval until a batch comes back short, and stops', async () => {
    const clock = manualClock();
    const store = createIdempotencyStore({ clock: clock.now });
    const swept: number[] = [];
    const counting = {
      ...store,
      sweep: async (limit?: number) => {
        const n = await store.sweep(limit);
        swept.push(n);
        return n;
      },
    };
    for (let n = 0; n < 25; n++) {
      const begun = await store.begin({ scope: '', key: `k${n}`, fingerprint: 'f', ttlSeconds: 1 });
      if (begun.state !== 'acquired') throw new Error('expected a new key');
      await store.complete(begun.lease, { status: 200, headers: {}, body: '' });
    }
    clock.advance(1000);
    const stop = startSweeper(counting, { intervalMs: 10, batch: 10 });
    await expect.poll(() => swept.length).toBeGreaterThanOrEqual(3);
    await stop();
    expect(swept.slice(0, 3)).toEqual([10, 10, 5]);
    const after = swept.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(swept.length).toBe(after);
    expect(swept.slice(3).every((n) => n === 0)).toBe(true);
  });

  it('reports a failed sweep and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const failing = {
      ...createIdempotencyStore(),
      sweep: async () => {
        calls++;
        throw new Error('database away');
      },
    };
    const stop = startSweeper(failing, { intervalMs: 10, onError: (error) => errors.push(error) });
    await expect.poll(() => calls).toBeGreaterThanOrEqual(2);
    await stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(String(errors[0])).toMatch(/database away/);
  });
});
