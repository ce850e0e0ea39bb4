import type { IdempotencyStore } from './store/types.ts';

export interface SweeperOptions {
  /** Time between sweeps. Default 60 s. */
  intervalMs?: number;
  /** Records deleted per statement. Default 1000. */
  batch?: number;
  /** Statements per sweep at most, so that one sweep after a long pause stays short. Default 10. */
  maxBatches?: number;
  /** A failed sweep (the database is away) is reported here and tried again at the next interval. */
  onError?: (error: unknown) => void;
}

/**
 * Deletes expired records every `intervalMs`, `batch` at a time, until a batch comes back short or `maxBatches`
 * ran. The timer does not keep the process alive. Answers the function that stops it, which resolves once a
 * sweep under way has ended.
 *
 * @example
 * const stopSweeper = startSweeper(store, { intervalMs: 60_000, batch: 1000 });
 * process.on('SIGTERM', async () => { await stopSweeper(); await store.close(); });
 */
export function startSweeper(store: IdempotencyStore, options: SweeperOptions = {}): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 60_000;
  const batch = options.batch ?? 1000;
  const maxBatches = options.maxBatches ?? 10;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function sweepOnce() {
    try {
      for (let n = 0; n < maxBatches && !stopped; n++) {
        if ((await store.sweep(batch)) < batch) break;
      }
    } catch (error) {
      options.onError?.(error);
    }
  }

  const timer = setInterval(() => {
    // a sweep slower than the interval is not overlapped by the next
    running ??= sweepOnce().finally(() => {
      running = undefined;
    });
  }, intervalMs);
  timer.unref();

  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
