import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LoadResult, load, median, startProcess, stopProcess, tempDir } from './http.ts';

const orderDir = 'schemas/shop/com.shop.orders@OrderPlaced/examples';

interface Scenario {
  name: string;
  ours: { path: string; method: 'GET' | 'POST'; body?: string };
  bare: { path: string; method: 'GET' | 'POST'; body?: string };
  /** Events carried by one request, to turn requests/s into events/s. */
  eventsPerRequest: number;
  target: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function runHttpBench(options: { root: string; durationSeconds: number; rounds: number }) {
  const { root, durationSeconds, rounds } = options;
  const data = await tempDir('schemagate-bench-');
  const cli = join(root, 'apps/cli/bin/schemagate.js');
  const server = await startProcess(
    process.execPath,
    [cli, 'serve', '--port', '0', '--data', join(data.path, 'data')],
    {
      SCHEMAGATE_LOG: 'info',
      SCHEMAGATE_SEED_DIR: join(root, 'schemas'),
      DATABASE_URL: '',
      // one key sends every request here: a limit the load never reaches, so the figures are the server's, not
      // the default bucket's (the limiter's own cost is rate-limit-bench.ts)
      SCHEMAGATE_RATE_LIMIT: '1000000',
      SCHEMAGATE_RATE_BURST: '10000000',
    },
  );
  const key = (await readFile(join(data.path, 'data', 'admin.key'), 'utf8')).trim();
  const base = `http://127.0.0.1:${server.port}`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  const valid = JSON.parse(await readFile(join(root, orderDir, 'valid/web-order.json'), 'utf8'));
  const other = JSON.parse(await readFile(join(root, orderDir, 'valid/pos-giftcard.json'), 'utf8'));
  const invalid = JSON.parse(await readFile(join(root, orderDir, 'invalid/total-as-string.json'), 'utf8'));
  const batch = Array.from({ length: 1000 }, (_, i) => (i % 10 === 9 ? invalid : i % 2 ? other : valid));
  const versionPath = '/v1/registries/shop/schemas/com.shop.orders@OrderPlaced/versions/latest';
  const versionBytes = await (await fetch(base + versionPath, { headers })).text();
  const check = (await (
    await fetch(`${base}/v1/validate/batch`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events: batch }),
    })
  ).json()) as { failedCount: number };
  if (check.failedCount !== 100)
    throw new Error(`bench batch: expected 100 failures, got ${JSON.stringify(check).slice(0, 300)}`);

  const bare = await startProcess(process.execPath, ['--import', 'tsx', join(root, 'bench/bare-server.ts')], {
    BENCH_VERSION_BYTES: versionBytes,
    BENCH_SCHEMAS: join(root, 'schemas'),
  });
  const bareBase = `http://127.0.0.1:${bare.port}`;

  const scenarios: Scenario[] = [
    {
      name: 'POST /v1/validate (routed by source + detail-type)',
      ours: { path: '/v1/validate', method: 'POST', body: JSON.stringify({ event: valid }) },
      bare: { path: '/validate', method: 'POST', body: JSON.stringify({ event: valid }) },
      eventsPerRequest: 1,
      target: '>= 85% of bare',
    },
    {
      name: 'POST /v1/validate beside a bare endpoint that also runs the same compiled validator',
      ours: { path: '/v1/validate', method: 'POST', body: JSON.stringify({ event: valid }) },
      bare: { path: '/validate-only', method: 'POST', body: JSON.stringify({ event: valid }) },
      eventsPerRequest: 1,
      target: '>= 90% of bare: the cost of everything but validation',
    },
    {
      name: 'GET .../versions/latest',
      ours: { path: versionPath, method: 'GET' },
      bare: { path: '/version', method: 'GET' },
      eventsPerRequest: 0,
      target: '>= 80% of bare',
    },
    {
      name: 'POST /v1/validate/batch (1,000 events)',
      ours: { path: '/v1/validate/batch', method: 'POST', body: JSON.stringify({ events: batch }) },
      bare: { path: '/validate/batch', method: 'POST', body: JSON.stringify({ events: batch }) },
      eventsPerRequest: 1000,
      target: '>= 100,000 events/s',
    },
    {
      name: 'POST /v1/validate/batch (1,000 events) beside a bare endpoint that also runs the same compiled validator',
      ours: { path: '/v1/validate/batch', method: 'POST', body: JSON.stringify({ events: batch }) },
      bare: { path: '/validate-only/batch', method: 'POST', body: JSON.stringify({ events: batch }) },
      eventsPerRequest: 1000,
      target: '>= 80% of bare',
    },
  ];

  process.stdout.write(
    `## http: ${rounds} rounds x ${durationSeconds}s per side, 50 connections, medians; ratio = median of the rounds' ratios (server on embedded PGlite)\n`,
  );
  const summary: string[] = [];
  try {
    for (const scenario of scenarios) {
      const ours: LoadResult[] = [];
      const ceiling: LoadResult[] = [];
      // warm both sides (compiled validators, JIT) before measuring
      await load({ url: base + scenario.ours.path, ...scenario.ours, headers, durationSeconds: 1 });
      await load({ url: bareBase + scenario.bare.path, ...scenario.bare, headers, durationSeconds: 1 });
      for (let round = 0; round < rounds; round++) {
        ceiling.push(
          await load({ url: bareBase + scenario.bare.path, ...scenario.bare, headers, durationSeconds }),
        );
        ours.push(await load({ url: base + scenario.ours.path, ...scenario.ours, headers, durationSeconds }));
      }
      const failures = ours.reduce((n, r) => n + r.errors + r.non2xx, 0);
      const rps = median(ours.map((r) => r.requestsPerSecond));
      const bareRps = median(ceiling.map((r) => r.requestsPerSecond));
      // each round's ratio is taken against the bare round just before it, so that a slow spell of the shared
      // machine, which drags both sides of a round, moves the ratio less than it moves either side
      const ratios = ours.map((r, round) => r.requestsPerSecond / ceiling[round]!.requestsPerSecond);
      const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
      const line =
        `${scenario.name}: ${fmt(rps)} req/s` +
        (scenario.eventsPerRequest > 1 ? ` = ${fmt(rps * scenario.eventsPerRequest)} events/s` : '') +
        `, p50 ${median(ours.map((r) => r.p50))} ms, p99 ${median(ours.map((r) => r.p99))} ms | bare ${fmt(bareRps)} req/s,` +
        ` p99 ${median(ceiling.map((r) => r.p99))} ms | ratio ${pct(median(ratios))}` +
        ` (rounds ${ratios.map(pct).join(' ')}; target ${scenario.target})` +
        (failures ? ` | ${failures} errors/non-2xx!` : '');
      summary.push(line);
      process.stdout.write(`${line}\n`);
    }
  } finally {
    await stopProcess(bare.child);
    await stopProcess(server.child);
    await data.remove();
  }
  return summary;
}
