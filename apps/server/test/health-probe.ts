import { Worker } from 'node:worker_threads';

// Plain JavaScript in a worker thread: it measures the server from outside the event loop that serves it (the
// tests run the server in their own thread). One request at a time, every 50 ms, until stopped.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let worst = 0;
let answered = 0;
let running = true;
parentPort.on('message', (message) => {
  if (message === 'reset') { worst = 0; answered = 0; }
  else if (message === 'report') parentPort.postMessage({ worst, answered });
  else if (message === 'stop') running = false;
});
(async () => {
  while (running) {
    const started = performance.now();
    try {
      const res = await fetch(workerData.url + '/healthz');
      await res.text();
      if (res.status === 200) answered += 1;
    } catch {}
    worst = Math.max(worst, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  parentPort.postMessage('stopped');
})();
`;

/** What the probe saw since its last reset: the slowest `/healthz` answer and how many came back 200. */
export interface HealthReport {
  worst: number;
  answered: number;
}

export interface HealthProbe {
  /** Forgets what was measured so far. */
  reset(): void;
  /** What was measured since the last reset, after the request in flight (if any) has had time to finish. */
  report(): Promise<HealthReport>;
  stop(): Promise<void>;
}

/** Polls `url/healthz` every 50 ms from a worker thread; answers once the probe has had its first answer. */
export async function startHealthProbe(url: string): Promise<HealthProbe> {
  const probe = new Worker(PROBE, { eval: true, workerData: { url } });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
      probe.once('message', resolve);
      probe.postMessage(message);
    });
  // the worker loads in its own time: the first attack must not be measured by a probe that has not started
  while ((await ask<HealthReport>('report')).answered === 0)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    reset: () => probe.postMessage('reset'),
    report: async () => {
      // a stall at the very end is counted too
      await new Promise((resolve) => setTimeout(resolve, 120));
      return ask<HealthReport>('report');
    },
    stop: async () => {
      await ask('stop');
      await probe.terminate();
    },
  };
}
