import { AppError } from '../errors.ts';
import type { CounterSeries } from '../metrics/fast-metrics.ts';
import type { Guard } from '../middleware/guard.ts';

export interface LoadSheddingOptions {
  /** Past this event-loop lag (ms) requests are shed; 0: never. */
  thresholdMs: number;
  /** The event loop's lag in seconds (`eventLoopLag` of `metrics/event-loop.ts`; tests inject their own). */
  lagSeconds: () => number;
  /** Counted once per shed request (`schemagate_throttled_requests_total{reason="overload"}`). */
  throttled?: CounterSeries;
}

/** The longest Retry-After an overload asks for: the lag reading covers the last one to two seconds. */
const MAX_RETRY_AFTER_SECONDS = 10;

/**
 * Sheds load while the event loop lags: a request that queued behind a blocked or saturated loop would wait that
 * long again for its answer, and clients would time out after the work was done anyway. Refusing at once (503
 * `overloaded` with `Retry-After`) lets clients back off or go to another replica, and `/readyz` says the same so a
 * load balancer moves traffic away until the lag is back under the threshold.
 */
export class LoadShedder {
  readonly thresholdMs: number;
  readonly #threshold: number;
  readonly #lag: () => number;
  readonly #throttled: CounterSeries | undefined;

  constructor(options: LoadSheddingOptions) {
    this.thresholdMs = options.thresholdMs;
    this.#threshold = options.thresholdMs / 1000;
    this.#lag = options.lagSeconds;
    this.#throttled = options.throttled;
  }

  /** The lag in seconds when it is past the threshold; undefined while the loop keeps up (or shedding is off). */
  overload(): number | undefined {
    if (this.#threshold <= 0) return undefined;
    const lag = this.#lag();
    return lag > this.#threshold ? lag : undefined;
  }

  /** The 503 for a lag of `lag` seconds. */
  problem(lag: number): AppError {
    const retryAfter = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(lag)));
    return new AppError('overloaded', {
      detail: `The event loop lags ${Math.round(lag * 1000)} ms, past the ${this.thresholdMs} ms this server sheds load at (SCHEMAGATE_SHED_LAG_MS); retry in ${retryAfter} s`,
      extensions: { lagMs: Math.round(lag * 1000), thresholdMs: this.thresholdMs },
      headers: { 'retry-after': String(retryAfter) },
    });
  }

  /**
   * The guard in front of the routes that take traffic (validation and events): one read of the lag and a
   * comparison while the loop keeps up.
   *
   * @example
   * mountHot(api, guards, validate.route, validate.handler, { shed: true });
   */
  readonly guard: Guard = (c, next) => {
    const lag = this.overload();
    if (lag === undefined) return next(c);
    this.#throttled && this.#throttled.count++;
    throw this.problem(lag);
  };
}
