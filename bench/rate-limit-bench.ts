import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LoadResult, load, median, startProcess, stopProcess, tempDir } from './http.ts';

const orderDir = 'schemas/shop/com.shop.orders@OrderPlaced/examples';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/**
 * What one `KeyRateLimiter.admit` costs, in ns: the limiter the server runs (compiled), admitting a key that is
 * never refused, in a process of its own so the JIT sees only this.
 */
function admitNanoseconds(root: string): number {
  const script = `
    const { KeyRateLimiter } = await import(${JSON.stringify(join(root, 'apps/server/dist/rate-limit/key-rate-limiter.js'))});
    const limiter = new KeyRateLimiter({ defaults: { perSecond: 1e6, burst: 1e7 } });
    const keys = Array.from({ length: 100 }, (_, i) => ({ id: 'key-' + i, scope: 'validate' }));
    const round = (n) => { for (let i = 0; i < n; i++) limiter.admit(keys[i % 100]); };
    round(1e6);
    const times = [];
    for (let r = 0; r < 5; r++) { const t = process.hrtime.bigint(); round(2e6); times.push(Number(process.hrtime.bigint() - t) / 2e6); }
    times.sort((a, b) => a - b);
    process.stdout.write(String(times[2]));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench: the admit loop failed: ${run.stderr}`);
  return Number(run.stdout);
}

/** One `schemagate serve` on its own embedded data folder, with the environment `env` adds. */
async function startServer(root: string, env: Record<string, string>) {
  const data = await tempDir('schemagate-bench-rate-');
  const cli = join(root, 'apps/cli/bin/schemagate.js');
  const server = await startProcess(
    process.execPath,
    [cli, 'serve', '--port', '0', '--data', join(data.path, 'data')],
    {
      SCHEMAGATE_LOG: 'info',
      SCHEMAGATE_SEED_DIR: join(root, 'schemas'),
      DATABASE_URL: '',
      ...env,
    },
  );
  const key = (await readFile(join(data.path, 'data', 'admin.key'), 'utf8')).trim();
  return {
    base: `http://127.0.0.1:${server.port}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    stop: async () => {
      await stopProcess(server.child);
      await data.remove();
    },
  };
}

/**
 * The cost of the per-key rate limiter on `POST /v1/validate`: the same server with the limiter off
 * (`SCHEMAGATE_RATE_LIMIT=0`) and on at a limit the load never reaches (every request takes a token from the key's
 * bucket, none is refused), both running, measured in rounds of one run each, in an order that flips every round;
 * the ratio is the median of the rounds' ratios. Target: within 3%.
 */
export async function runRateLimitBench(options: { root: string; durationSeconds: number; rounds: number }) {
  const { root, durationSeconds, rounds } = options;
  const off = await startServer(root, { SCHEMAGATE_RATE_LIMIT: '0' });
  const on = await startServer(root, {
    SCHEMAGATE_RATE_LIMIT: '1000000',
    SCHEMAGATE_RATE_BURST: '10000000',
  });
  const valid = JSON.parse(await readFile(join(root, orderDir, 'valid/web-order.json'), 'utf8'));
  const body = JSON.stringify({ event: valid });
  const run = (side: typeof on, seconds: number) =>
    load({
      url: `${side.base}/v1/validate`,
      method: 'POST',
      body,
      headers: side.headers,
      durationSeconds: seconds,
    });

  process.stdout.write(
    `\n## rate limiter: ${rounds} rounds x ${durationSeconds}s per side, 50 connections, POST /v1/validate, limiter off vs on (never refusing)\n`,
  );
  try {
    const probe = (await (await fetch(`${on.base}/v1/quotas`, { headers: on.headers })).json()) as {
      rateLimit?: { source: string };
    };
    if (probe.rateLimit?.source !== 'default')
      throw new Error('bench: the limited server has no default rate limit');
    await run(off, 1);
    await run(on, 1);
    const without: LoadResult[] = [];
    const withLimiter: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      // the order flips every round, so that a machine growing busier or quieter does not favour one side
      if (round % 2 === 0) {
        without.push(await run(off, durationSeconds));
        withLimiter.push(await run(on, durationSeconds));
      } else {
        withLimiter.push(await run(on, durationSeconds));
        without.push(await run(off, durationSeconds));
      }
    }
    const failures = [...without, ...withLimiter].reduce((n, r) => n + r.errors + r.non2xx, 0);
    const ratios = withLimiter.map((r, round) => r.requestsPerSecond / without[round]!.requestsPerSecond);
    const perAdmit = admitNanoseconds(root);
    const perRequest = 1e9 / median(without.map((r) => r.requestsPerSecond));
    const line =
      `POST /v1/validate with the rate limiter: ${fmt(median(withLimiter.map((r) => r.requestsPerSecond)))} req/s,` +
      ` p99 ${median(withLimiter.map((r) => r.p99))} ms | without: ${fmt(median(without.map((r) => r.requestsPerSecond)))} req/s,` +
      ` p99 ${median(without.map((r) => r.p99))} ms | ratio ${pct(median(ratios))}` +
      ` (rounds ${ratios.map(pct).join(' ')}; target >= 97%)` +
      (failures ? ` | ${failures} errors/non-2xx!` : '') +
      `\n  in process: one admit ${perAdmit.toFixed(0)} ns = ${((perAdmit / perRequest) * 100).toFixed(2)}% of a request's ${fmt(perRequest / 1000)} µs here (the figure the shared machine's noise cannot move)`;
    process.stdout.write(`${line}\n`);
    return [line];
  } finally {
    await on.stop();
    await off.stop();
  }
}
