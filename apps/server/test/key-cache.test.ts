/**
 * The key cache through a storage outage: fresh answers need no storage, stale ones are used while storage is
 * unavailable (up to a bound), and a revocation or a missed announcement drops them.
 */
import { describe, expect, it } from 'vitest';
import { cachedKeyLookup } from '../src/key-cache.ts';
import type { ApiKeyPrincipal } from '../src/middleware/auth.ts';

const principal: ApiKeyPrincipal = { id: 'k1', scope: 'validate', hash: Buffer.alloc(32) };
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

function fakeStorage() {
  let clock = 0;
  let down = false;
  let calls = 0;
  let keys: ApiKeyPrincipal[] = [principal];
  const lookup = cachedKeyLookup(
    async () => {
      calls++;
      if (down) throw refused();
      return keys;
    },
    { freshMs: 30_000, staleMs: 300_000, retryMs: 1000, now: () => clock },
  );
  return {
    lookup,
    advance(ms: number) {
      clock += ms;
    },
    setDown(value: boolean) {
      down = value;
    },
    revoke() {
      keys = [];
    },
    calls: () => calls,
  };
}

describe('key cache', () => {
  it('answers a fresh key without storage, synchronously', async () => {
    const s = fakeStorage();
    expect(await s.lookup('p')).toEqual([principal]);
    s.setDown(true);
    s.advance(29_000);
    expect(s.lookup('p')).toEqual([principal]);
    expect(s.calls()).toBe(1);
  });

  it('asks storage again once an answer is no longer fresh', async () => {
    const s = fakeStorage();
    await s.lookup('p');
    s.revoke();
    s.advance(31_000);
    expect(await s.lookup('p')).toEqual([]);
    expect(s.calls()).toBe(2);
  });

  it('keeps a known key through an outage, then refuses it past the stale bound', async () => {
    const s = fakeStorage();
    await s.lookup('p');
    s.setDown(true);
    s.advance(31_000);
    // the first request past freshness finds storage down and gets the last answer
    expect(await s.lookup('p')).toEqual([principal]);
    expect(s.calls()).toBe(2);
    // the next ones answer at once from the cache; storage is asked again at most once a second, in the background
    expect(s.lookup('p')).toEqual([principal]);
    expect(s.calls()).toBe(2);
    s.advance(1000);
    expect(s.lookup('p')).toEqual([principal]);
    expect(s.calls()).toBe(3);
    await Promise.resolve();
    s.advance(300_000 - 32_000 - 1);
    expect(s.lookup('p')).toEqual([principal]);
    s.advance(1);
    await expect(s.lookup('p')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cannot check a key it never saw while storage is down', async () => {
    const s = fakeStorage();
    s.setDown(true);
    await expect(s.lookup('never-seen')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('picks up the answer storage gives once it is back', async () => {
    const s = fakeStorage();
    await s.lookup('p');
    s.setDown(true);
    s.advance(31_000);
    await s.lookup('p');
    s.setDown(false);
    s.revoke();
    s.advance(1000);
    // this request still answers from the cache and starts the refresh, which lands a fresh answer
    expect(s.lookup('p')).toEqual([principal]);
    await expect.poll(() => s.lookup('p')).toEqual([]);
  });

  it('does not serve a stale answer for errors other than an outage', async () => {
    let fail = false;
    let clock = 0;
    const lookup = cachedKeyLookup(
      async () => {
        if (fail) throw new TypeError('a bug');
        return [principal];
      },
      { freshMs: 10, staleMs: 1000, now: () => clock },
    );
    await lookup('p');
    fail = true;
    clock = 20;
    await expect(lookup('p')).rejects.toThrow('a bug');
  });

  it('drops a revoked key at once, even while storage is down', async () => {
    const s = fakeStorage();
    await s.lookup('p');
    s.setDown(true);
    s.lookup.forget('p');
    await expect(s.lookup('p')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('drops everything on clear, and a load started before it does not put its answer back', async () => {
    let release: (value: ApiKeyPrincipal[]) => void = () => {};
    let calls = 0;
    const lookup = cachedKeyLookup(
      () => {
        calls++;
        return new Promise<ApiKeyPrincipal[]>((resolve) => {
          release = resolve;
        });
      },
      { freshMs: 30_000, staleMs: 300_000 },
    );
    const pending = lookup('p');
    lookup.clear();
    release([principal]);
    expect(await pending).toEqual([principal]);
    const again = lookup('p');
    expect(again).toBeInstanceOf(Promise);
    release([]);
    expect(await again).toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('key cache bound', () => {
  it('keeps at most `max` answers and drops the least recently used one first', async () => {
    const asked: string[] = [];
    const lookup = cachedKeyLookup(
      async (prefix) => {
        asked.push(prefix);
        return [principal];
      },
      { freshMs: 60_000, staleMs: 0, max: 2, now: () => 0 },
    );
    await lookup('a');
    await lookup('b');
    // a use of `a` makes `b` the oldest, so `c` takes b's place
    await lookup('a');
    await lookup('c');
    await lookup('a');
    await lookup('b');
    expect(asked).toEqual(['a', 'b', 'c', 'b']);
  });
});
