/**
 * The gate in `pnpm bench`: on one fresh Postgres database, in the same run and on the same event,
 *
 * - ingest: `POST /v1/events` with an Idempotency-Key of its own per request (record + outbox row in one
 *   transaction) against `POST /v1/validate`, alternating round by round, 50 connections (target: at least half);
 * - forwarding: events/s of the server's forwarder draining the outbox into the loopback EventBridge emulator
 *   (target: at least the ingest rate).
 *
 * The ingest server runs with no EventBridge target, so its outbox only fills; the forwarding is measured on a
 * second server that has one, over outbox rows put in at once.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
// from the sources, so that the root needs no dependency on them: the bench runs only in a checkout
import { openDatabase } from '../packages/db/src/index.ts';
import { startEmulator } from '../packages/eventbridge/src/index.ts';
import { type LoadResult, load, median, startProcess, stopProcess, tempDir } from './http.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Sql = {
  unsafe(query: string): Promise<unknown>;
  end(): Promise<void>;
  <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T>;
};

/** A plain postgres.js client (drizzle's `$client`) on `url`. */
async function connect(url: string): Promise<Sql> {
  const handle = await openDatabase({ url, maxConnections: 1 });
  return (handle.db as unknown as { $client: Sql }).$client;
}

/** Rows put in the outbox at once for one forwarding round. */
const FORWARD_ROWS = 10_000;

export async function runGateBench(options: { root: string; durationSeconds: number; rounds: number }) {
  const { root, durationSeconds, rounds } = options;
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `sg_bench_${randomBytes(5).toString('hex')}`;
  const admin = await connect(baseUrl);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const data = await tempDir('schemagate-gate-bench-');
  const emulator = await startEmulator();
  const cli = join(root, 'apps/cli/bin/schemagate.js');
  const serverEnv = {
    SCHEMAGATE_LOG: 'info',
    SCHEMAGATE_SEED_DIR: join(root, 'schemas'),
    SCHEMAGATE_AUTH: 'off',
    DATABASE_URL: databaseUrl,
    // the bench measures the gate's work, not the per-key limiter
    SCHEMAGATE_RATE_LIMIT: '1000000',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };
  const event = JSON.parse(
    await readFile(
      join(root, 'schemas/shop/com.shop.orders@OrderPlaced/examples/valid/web-order.json'),
      'utf8',
    ),
  );
  const body = JSON.stringify({ event });
  const headers = { 'content-type': 'application/json' };
  const summary: string[] = [];
  const say = (line: string) => {
    summary.push(line);
    process.stdout.write(`${line}\n`);
  };

  // the machine may be shared: its load says how much the figures can be trusted
  const load1 = () => loadavg()[0]!.toFixed(2);
  process.stdout.write(
    `## gate: ${rounds} rounds x ${durationSeconds}s per side, 50 connections, medians; outbox on Postgres (${name}); load average ${load1()}\n`,
  );
  // no endpoint and no region: the ingest server's forwarder does not run, the outbox only fills
  const ingest = await startProcess(
    process.execPath,
    [cli, 'serve', '--port', '0', '--data', join(data.path, 'a')],
    { ...serverEnv, AWS_REGION: '', AWS_CONFIG_FILE: join(data.path, 'no-aws-config') },
  );
  let forwarder: Awaited<ReturnType<typeof startProcess>> | undefined;
  try {
    const base = `http://127.0.0.1:${ingest.port}`;
    const check = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': '"bench-check"' },
      body,
    });
    if (check.status !== 202)
      throw new Error(`bench: /v1/events answered ${check.status}: ${await check.text()}`);

    const validate: LoadResult[] = [];
    const events: LoadResult[] = [];
    await load({ url: `${base}/v1/validate`, method: 'POST', body, headers, durationSeconds: 1 });
    await load({
      url: `${base}/v1/events`,
      method: 'POST',
      body,
      headers,
      durationSeconds: 1,
      uniqueHeader: { name: 'idempotency-key', prefix: 'warm' },
    });
    for (let round = 0; round < rounds; round++) {
      validate.push(
        await load({ url: `${base}/v1/validate`, method: 'POST', body, headers, durationSeconds }),
      );
      events.push(
        await load({
          url: `${base}/v1/events`,
          method: 'POST',
          body,
          headers,
          durationSeconds,
          uniqueHeader: { name: 'idempotency-key', prefix: `round${round}` },
        }),
      );
    }
    const failures = [...validate, ...events].reduce((n, r) => n + r.errors + r.non2xx, 0);
    const ingestRate = median(events.map((r) => r.requestsPerSecond));
    const ratios = events.map((r, i) => r.requestsPerSecond / validate[i]!.requestsPerSecond);
    say(
      `POST /v1/validate: ${fmt(median(validate.map((r) => r.requestsPerSecond)))} req/s, p50 ${median(validate.map((r) => r.p50))} ms, p99 ${median(validate.map((r) => r.p99))} ms`,
    );
    say(
      `POST /v1/events (Idempotency-Key, outbox on Postgres): ${fmt(ingestRate)} events/s, p50 ${median(events.map((r) => r.p50))} ms, ` +
        `p99 ${median(events.map((r) => r.p99))} ms | ratio to validate ${pct(median(ratios))} (rounds ${ratios.map(pct).join(' ')}; target >= 50%)` +
        (failures ? ` | ${failures} errors/non-2xx!` : '') +
        ` | load average ${load1()}`,
    );
    await stopProcess(ingest.child);

    // forwarding: a server with a target drains rows put in at once, round after round
    const target = await connect(databaseUrl);
    const [{ backlog }] = await target<[{ backlog: number }]>`select count(*)::int as backlog from outbox`;
    const template = await target<
      Array<{ registry: string; schema: string; version: number; event: string }>
    >`
      select registry, schema, version, event from outbox limit 1`;
    forwarder = await startProcess(
      process.execPath,
      [cli, 'serve', '--port', '0', '--data', join(data.path, 'b')],
      { ...serverEnv, SCHEMAGATE_EVENTBRIDGE_ENDPOINT: emulator.url },
    );
    // first the backlog the ingest left
    for (let i = 0; i < 1200 && emulator.state.events.length < backlog; i++) await sleep(100);
    const rates: number[] = [];
    const row = template[0]!;
    for (let round = 0; round < rounds; round++) {
      const before = emulator.state.events.length;
      const started = performance.now();
      await target`
        insert into outbox (id, registry, schema, version, event)
        select ${`bench${round}_`} || lpad(g::text, 8, '0'), ${row.registry}, ${row.schema}, ${row.version}, ${row.event}
        from generate_series(1, ${FORWARD_ROWS}) g`;
      for (let i = 0; i < 1200 && emulator.state.events.length < before + FORWARD_ROWS; i++) await sleep(20);
      const seconds = (performance.now() - started) / 1000;
      if (emulator.state.events.length < before + FORWARD_ROWS)
        throw new Error('bench: the forwarder did not drain');
      rates.push(FORWARD_ROWS / seconds);
    }
    await target.end();
    const forwardRate = median(rates);
    say(
      `forwarder -> loopback EventBridge: ${fmt(forwardRate)} events/s (rounds ${rates.map(fmt).join(' ')}; ` +
        `${fmt(backlog)} backlog drained first) | ratio to ingest ${pct(forwardRate / ingestRate)} (target >= 100%)`,
    );
  } finally {
    if (forwarder) await stopProcess(forwarder.child);
    await stopProcess(ingest.child);
    await emulator.close();
    await data.remove();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  return summary;
}
