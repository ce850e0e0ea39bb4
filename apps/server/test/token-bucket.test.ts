/**
 * The token bucket's arithmetic, property-based: whatever the rate, burst and arrival times, no window admits more
 * than the burst plus what the rate refills over it; an idle bucket fills back to its burst; and a client that
 * waits the Retry-After it was given finds a token.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { KeyRateLimiter, ratePolicy } from '../src/rate-limit/key-rate-limiter.ts';
import { type RateLimit, TokenBucket } from '../src/rate-limit/token-bucket.ts';

const limits = fc.record({
  perSecond: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0.05, max: 50, noNaN: true })),
  burst: fc.integer({ min: 1, max: 500 }),
});
/** Gaps between requests in ms: bursts of simultaneous requests, and pauses. */
const gaps = fc.array(
  fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5000 })),
  {
    minLength: 1,
    maxLength: 400,
  },
);

/** The times at which requests were admitted, for arrivals `gaps` apart starting at `start`. */
function admitted(limit: RateLimit, start: number, arrivals: number[]): number[] {
  const bucket = new TokenBucket(limit, start);
  const times: number[] = [];
  let now = start;
  for (const gap of arrivals) {
    now += gap;
    if (bucket.take(now)) times.push(now);
  }
  return times;
}

describe('TokenBucket', () => {
  it('never admits more than burst + rate × t in any window of t seconds', () => {
    fc.assert(
      fc.property(limits, fc.integer({ min: 0, max: 1e9 }), gaps, (limit, start, arrivals) => {
        const times = admitted(limit, start, arrivals);
        for (let i = 0; i < times.length; i++) {
          for (let j = i; j < times.length; j++) {
            const seconds = (times[j]! - times[i]!) / 1000;
            // the float sum of refills may drift by far less than one request
            expect(j - i + 1).toBeLessThanOrEqual(Math.floor(limit.burst + limit.perSecond * seconds + 1e-6));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('admits a full burst at once, then refuses until a token is back', () => {
    fc.assert(
      fc.property(limits, (limit) => {
        const bucket = new TokenBucket(limit, 0);
        for (let i = 0; i < limit.burst; i++) expect(bucket.take(0)).toBe(true);
        expect(bucket.take(0)).toBe(false);
        expect(bucket.remaining(0)).toBe(0);
      }),
    );
  });

  it('refills at the rate and never past the burst', () => {
    fc.assert(
      fc.property(limits, fc.integer({ min: 0, max: 100_000 }), (limit, idleMs) => {
        const bucket = new TokenBucket(limit, 0);
        while (bucket.take(0));
        const expected = Math.min(limit.burst, Math.floor((idleMs * limit.perSecond) / 1000 + 1e-9));
        expect(Math.abs(bucket.remaining(idleMs) - expected)).toBeLessThanOrEqual(1);
        expect(bucket.remaining(idleMs + 10_000_000)).toBe(limit.burst);
      }),
    );
  });

  it('tells a refused client a whole number of seconds after which a token is there, and not a second more', () => {
    const shortGaps = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(limits, fc.integer({ min: 0, max: 1e6 }), shortGaps, (limit, start, arrivals) => {
        // the bucket as it is after the first `count` arrivals (every request taken that could be)
        const replay = (count: number) => {
          const bucket = new TokenBucket(limit, start);
          let now = start;
          for (const gap of arrivals.slice(0, count)) {
            now += gap;
            bucket.take(now);
          }
          return { bucket, now };
        };
        for (let k = 1; k <= arrivals.length; k++) {
          const before = replay(k - 1);
          const now = before.now + arrivals[k - 1]!;
          if (before.bucket.take(now)) continue;
          const seconds = before.bucket.retryAfterSeconds(now);
          expect(Number.isInteger(seconds)).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(1);
          // a second less would not have been enough
          const early = replay(k - 1).bucket;
          expect(early.take(now + (seconds - 1) * 1000)).toBe(false);
          expect(before.bucket.take(now + seconds * 1000)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps what it holds, up to the new burst, when the key gets other limits', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 100 }, 0);
    for (let i = 0; i < 40; i++) bucket.take(0);
    bucket.reshape({ perSecond: 10, burst: 20 });
    expect(bucket.remaining(0)).toBe(20);
    bucket.reshape({ perSecond: 10, burst: 200 });
    expect(bucket.remaining(0)).toBe(20);
    expect(bucket.remaining(100_000)).toBe(200);
  });

  it('adds nothing when the clock steps back', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 10_000);
    expect(bucket.take(10_000)).toBe(true);
    expect(bucket.take(5_000)).toBe(false);
    expect(bucket.take(11_000)).toBe(true);
  });
});

describe('ratePolicy', () => {
  it('is the quota that one window, the time an empty bucket takes to fill, brings back', () => {
    expect(ratePolicy('default', { perSecond: 100, burst: 100 })).toBe('"default";q=100;w=1');
    expect(ratePolicy('default', { perSecond: 100, burst: 200 })).toBe('"default";q=200;w=2');
    expect(ratePolicy('default', { perSecond: 1000, burst: 1 })).toBe('"default";q=1000;w=1');
    expect(ratePolicy('registrations', { perSecond: 7 / 60, burst: 7 })).toBe('"registrations";q=7;w=60');
    expect(ratePolicy('k', { perSecond: 0.5, burst: 3 })).toBe('"k";q=3;w=6');
  });
});

describe('KeyRateLimiter', () => {
  it('keeps one bucket per key, and drops full ones once there are many', () => {
    let now = 0;
    const limiter = new KeyRateLimiter({ defaults: { perSecond: 1, burst: 2 }, now: () => now });
    limiter.admit({ id: 'busy' });
    limiter.admit({ id: 'busy' });
    expect(() => limiter.admit({ id: 'busy' })).toThrow(
      'This key may make 1 request a second (bursts of 2); retry in 1 s',
    );
    for (let i = 0; i < 10_000; i++) limiter.admit({ id: `key-${i}` });
    expect(limiter.size).toBe(10_001);
    now += 500;
    // the idle keys' buckets are not full yet: they stay, and so does the busy key's
    limiter.admit({ id: 'one-more' });
    expect(limiter.size).toBe(10_002);
    now += 5000;
    limiter.admit({ id: 'busy' });
    limiter.admit({ id: 'another' });
    // every full bucket went; the busy key's (one token spent) stayed
    expect(limiter.size).toBe(2);
    limiter.admit({ id: 'busy' });
    expect(() => limiter.admit({ id: 'busy' })).toThrow(AppError);
  });

  it('limits nobody without defaults, except a key that carries its own', () => {
    const limiter = new KeyRateLimiter({ defaults: null, now: () => 0 });
    for (let i = 0; i < 100; i++) limiter.admit({ id: 'free' });
    limiter.admit({ id: 'own', rateLimit: { perSecond: 1, burst: 1 } });
    expect(() => limiter.admit({ id: 'own', rateLimit: { perSecond: 1, burst: 1 } })).toThrow(AppError);
    expect(limiter.view({ id: 'free' })).toMatchObject({ source: 'off', policy: null });
  });
});
