import { describe, expect, it } from 'vitest';
import { createEventLoopLagMonitor, eventLoopLag } from '../src/metrics/event-loop.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Holds the thread as a CPU-bound handler would, from an I/O-like turn (not a timer's, whose clock is stale). */
const blockFor = (ms: number) =>
  new Promise<void>((resolve) =>
    setImmediate(() => {
      const until = performance.now() + ms;
      while (performance.now() < until) {}
      resolve();
    }),
  );

describe('event-loop lag', () => {
  it('reads about 0 on an idle loop, a block of 250 ms after it, and 0 again once two windows have passed', async () => {
    const monitor = createEventLoopLagMonitor({ windowMs: 300 });
    try {
      await pause(100);
      expect(monitor.lagSeconds()).toBeLessThan(0.05);
      await blockFor(250);
      await pause(30);
      expect(monitor.lagSeconds()).toBeGreaterThanOrEqual(0.2);
      expect(monitor.lagSeconds()).toBeLessThan(1);
      await pause(700);
      expect(monitor.lagSeconds()).toBeLessThan(0.05);
    } finally {
      monitor.stop();
    }
  });

  it('has one shared reader for the process, started by its first call', async () => {
    expect(eventLoopLag()).toBeGreaterThanOrEqual(0);
    // the monitor's timer measures from its first firing on
    await pause(50);
    await blockFor(150);
    await pause(30);
    expect(eventLoopLag()).toBeGreaterThanOrEqual(0.1);
  });
});
