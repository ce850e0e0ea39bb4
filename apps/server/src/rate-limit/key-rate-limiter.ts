import { AppError } from '../errors.ts';
import type { CounterSeries } from '../metrics/fast-metrics.ts';
import { type RateLimit, TokenBucket } from './token-bucket.ts';

export type { RateLimit };

/** Who is limited: a key's id and, when it carries one, its own bucket shape. */
export interface RateLimited {
  id: string;
  rateLimit?: RateLimit | null;
}

/** The calling key's bucket as `/v1/quotas` shows it. */
export interface RateLimitView {
  source: 'key' | 'default' | 'off';
  perSecond: number | null;
  burst: number | null;
  remaining: number | null;
  policy: string | null;
  perReplica: true;
}

export interface KeyRateLimiterOptions {
  /** The bucket of a key without its own limits; null: such keys are not limited. */
  defaults: RateLimit | null;
  /** Counted once per refused request (`schemagate_throttled_requests_total{reason="rate_limit"}`). */
  throttled?: CounterSeries;
  /** A monotonic clock in milliseconds. */
  now?: () => number;
  /** The quota-policy name the fields carry (`RateLimit-Policy: "<name>";...`). */
  policyName?: string;
  /** The problem a refusal is answered with; names what was limited. */
  detail?: (limit: RateLimit, retryAfterSeconds: number) => string;
}

/**
 * `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers) for a token bucket: the window is the time an empty
 * bucket takes to fill (at least one second), the quota what comes back over it, so a full bucket's burst fits
 * inside one window's quota: `{perSecond: 100, burst: 200}` is `"default";q=200;w=2`.
 */
export function ratePolicy(name: string, limit: RateLimit): string {
  const window = Math.max(1, Math.ceil(limit.burst / limit.perSecond));
  // a rate of 7 a minute times 60 s is 6.999…: don't let the float lose a request
  return `"${name}";q=${Math.max(1, Math.floor(limit.perSecond * window + 1e-9))};w=${window}`;
}

const sameLimit = (a: RateLimit, b: RateLimit) => a.perSecond === b.perSecond && a.burst === b.burst;

/** Past this many buckets, the full ones are dropped before another is made. */
const SWEEP_AT = 10_000;

/**
 * One token bucket per key, in this process: a key's requests take from its own bucket only, so one key's excess
 * never slows another. A refusal is 429 `rate_limited` with `Retry-After` (whole seconds until a token is back)
 * and the `RateLimit-Policy` / `RateLimit` fields. Admitting a request is a map lookup and a few operations on
 * numbers; nothing is allocated unless the request is refused.
 */
export class KeyRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #defaults: RateLimit | null;
  readonly #throttled: CounterSeries | undefined;
  readonly #now: () => number;
  readonly #name: string;
  readonly #detail: (limit: RateLimit, retryAfterSeconds: number) => string;

  constructor(options: KeyRateLimiterOptions) {
    this.#defaults = options.defaults;
    this.#throttled = options.throttled;
    this.#now = options.now ?? performance.now.bind(performance);
    this.#name = options.policyName ?? 'default';
    this.#detail =
      options.detail ??
      ((limit, seconds) =>
        `This key may make ${limit.perSecond} request${limit.perSecond === 1 ? '' : 's'} a second (bursts of ${limit.burst}); retry in ${seconds} s`);
  }

  /** Takes a token from the key's bucket, or throws the 429 that says when to come back. */
  admit(who: RateLimited): void {
    const limit = who.rateLimit ?? this.#defaults;
    if (!limit) return;
    const now = this.#now();
    const bucket = this.#bucketOf(who.id, limit, now);
    if (bucket.take(now)) return;
    this.#throttled && this.#throttled.count++;
    throw this.#refusal(bucket, now);
  }

  /** Drops a key's bucket (it was revoked). */
  forget(id: string): void {
    this.#buckets.delete(id);
  }

  /** The key's limits and what its bucket holds now, on this replica. */
  view(who: RateLimited): RateLimitView {
    const limit = who.rateLimit ?? this.#defaults;
    const source = who.rateLimit ? 'key' : this.#defaults ? 'default' : 'off';
    if (!limit)
      return { source, perSecond: null, burst: null, remaining: null, policy: null, perReplica: true };
    const now = this.#now();
    const bucket = this.#buckets.get(who.id);
    return {
      source,
      perSecond: limit.perSecond,
      burst: limit.burst,
      remaining: bucket && sameLimit(bucket.limit, limit) ? bucket.remaining(now) : limit.burst,
      policy: ratePolicy(this.#name, limit),
      perReplica: true,
    };
  }

  #bucketOf(id: string, limit: RateLimit, now: number): TokenBucket {
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      if (this.#buckets.size >= SWEEP_AT) this.#sweep(now);
      bucket = new TokenBucket(limit, now);
      this.#buckets.set(id, bucket);
    } else if (bucket.limit !== limit && !sameLimit(bucket.limit, limit)) {
      bucket.reshape(limit);
    }
    return bucket;
  }

  /**
   * Drops the buckets that are full again: a full bucket admits exactly what a new one would, so forgetting it
   * changes nothing for its key, and keys that come and go (or were revoked on another replica) do not pile up.
   */
  #sweep(now: number): void {
    for (const [id, bucket] of this.#buckets) {
      if (bucket.remaining(now) >= bucket.limit.burst) this.#buckets.delete(id);
    }
  }

  /** How many buckets this process holds. */
  get size(): number {
    return this.#buckets.size;
  }

  #refusal(bucket: TokenBucket, now: number): AppError {
    const retryAfter = bucket.retryAfterSeconds(now);
    const { limit } = bucket;
    return new AppError('rate_limited', {
      detail: this.#detail(limit, retryAfter),
      extensions: {
        limit: { perSecond: limit.perSecond, burst: limit.burst },
        retryAfterSeconds: retryAfter,
      },
      headers: {
        'retry-after': String(retryAfter),
        'ratelimit-policy': ratePolicy(this.#name, limit),
        // the bucket refills continuously: `t` is when the next request is let in, as Retry-After says
        ratelimit: `"${this.#name}";r=${bucket.remaining(now)};t=${retryAfter}`,
      },
    });
  }
}
