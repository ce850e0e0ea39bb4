/** A token bucket's shape: `perSecond` tokens come back each second, up to `burst` held at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * A token bucket over a monotonic clock in milliseconds. A full bucket lets `burst` requests through at once, then
 * one every `1 / perSecond` seconds: over any window of `t` seconds it admits at most `burst + perSecond * t`.
 * Taking a token is a subtraction and a few multiplications, and allocates nothing.
 */
export class TokenBucket {
  limit: RateLimit;
  #tokens: number;
  #at: number;

  constructor(limit: RateLimit, nowMs: number) {
    this.limit = limit;
    this.#tokens = limit.burst;
    this.#at = nowMs;
  }

  /** Takes one token if the bucket holds one; false (nothing taken) if not. */
  take(nowMs: number): boolean {
    this.#refill(nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Whole tokens left now. */
  remaining(nowMs: number): number {
    this.#refill(nowMs);
    return Math.floor(this.#tokens);
  }

  /**
   * Whole seconds, rounded up, until a token is back (0 when one is there now): a client that waits this long finds
   * one, unless others of the same key took it first.
   */
  retryAfterSeconds(nowMs: number): number {
    this.#refill(nowMs);
    const missing = 1 - this.#tokens;
    return missing <= 0 ? 0 : Math.ceil(missing / this.limit.perSecond);
  }

  /** Whole seconds, rounded up, until the bucket is full again: when the whole quota is back. */
  fullInSeconds(nowMs: number): number {
    this.#refill(nowMs);
    return Math.ceil((this.limit.burst - this.#tokens) / this.limit.perSecond);
  }

  /** Takes another shape, keeping what the bucket holds (up to the new burst). */
  reshape(limit: RateLimit): void {
    this.limit = limit;
    if (this.#tokens > limit.burst) this.#tokens = limit.burst;
  }

  #refill(nowMs: number): void {
    const elapsed = nowMs - this.#at;
    // a clock that stepped back (or the same instant) adds nothing
    if (elapsed <= 0) return;
    this.#at = nowMs;
    const tokens = this.#tokens + (elapsed * this.limit.perSecond) / 1000;
    this.#tokens = Math.min(tokens, this.limit.burst);
  }
}
