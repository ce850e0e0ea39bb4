import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the monitor's timer asks to run; what it waits past this is the lag. */
const RESOLUTION_MS = 10;
/** Each reading covers the current window and the one before, so a reading just after a rotation still sees the last second. */
const WINDOW_MS = 1000;

/** Reads how far this thread's event loop lags, from a timer that should fire every {@link RESOLUTION_MS}. */
export interface EventLoopLagMonitor {
  /**
   * The longest delay past its due time of the monitor's timer over the last one to two seconds, in seconds (0 on
   * an idle loop). A request that queued behind a blocked loop is answered after this reading has seen the block:
   * the timer's phase comes before the next requests are read.
   */
  lagSeconds(): number;
  /** Stops the timers (the process-wide monitor is never stopped; its timers don't keep a process alive). */
  stop(): void;
}

/** A monitor of its own, for a test that wants windows it controls; the server uses {@link eventLoopLag}. */
export function createEventLoopLagMonitor(options: { windowMs?: number } = {}): EventLoopLagMonitor {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let previousMaxNs = 0;
  // an empty histogram's max is 0, so a fresh window reads as no lag
  const rotate = setInterval(() => {
    previousMaxNs = histogram.max;
    histogram.reset();
  }, options.windowMs ?? WINDOW_MS);
  rotate.unref();
  return {
    lagSeconds() {
      const maxMs = Math.max(histogram.max, previousMaxNs) / 1e6;
      return Math.max(0, maxMs - RESOLUTION_MS) / 1000;
    },
    stop() {
      clearInterval(rotate);
      histogram.disable();
    },
  };
}

let shared: EventLoopLagMonitor | undefined;

/**
 * This thread's event-loop lag in seconds (see {@link EventLoopLagMonitor.lagSeconds}); the first call starts the
 * one monitor every app of the process shares. Load shedding compares it with its threshold; `/metrics` shows it as
 * `nodejs_eventloop_lag_seconds`.
 *
 * @example
 * if (eventLoopLag() > config.SCHEMAGATE_SHED_LAG_SECONDS) return overloaded(c);
 */
export function eventLoopLag(): number {
  shared ??= createEventLoopLagMonitor();
  return shared.lagSeconds();
}
