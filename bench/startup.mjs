#!/usr/bin/env node
/**
 * Start-up and memory of the server, and the CLI's `--help` time, as a user runs them.
 *
 *   node bench/startup.mjs [--rounds 5] [--bin apps/cli/bin/schemagate.js] [--postgres URL]
 *
 * Each round starts `node BIN serve` on a fresh embedded data folder and a free loopback port, and reports the
 * time until `/readyz` answers 200, the resident memory (VmRSS) at idle two seconds later, the resident memory
 * after the first thousand `POST /v1/validate` calls, and the peak (VmHWM). `--help` is timed separately.
 * With `--postgres`, the server runs on that database (a fresh one per round is created from it) instead of
 * PGlite, whose WebAssembly heap is most of the embedded server's memory. Medians over the rounds are printed last. Plain Node only: it measures what a user runs, not a loader.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    bin: { type: 'string', default: join(import.meta.dirname, '..', 'apps/cli/bin/schemagate.js') },
    postgres: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const bin = resolve(values.bin);
const root = join(import.meta.dirname, '..');

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const event = JSON.parse(
  readFileSync(join(root, 'schemas/shop/com.shop.orders@OrderPlaced/examples/valid/web-order.json'), 'utf8'),
);

/** A fresh database on the `--postgres` server, so every round starts empty as the embedded one does. */
function freshDatabase(round) {
  if (!values.postgres) return undefined;
  const name = `schemagate_startup_${process.pid}_${round}`;
  spawnSync(
    'psql',
    [values.postgres, '-qc', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`],
    {
      stdio: 'inherit',
    },
  );
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  return url.toString();
}

async function serveRound(round) {
  const data = mkdtempSync(join(tmpdir(), 'schemagate-startup-'));
  const databaseUrl = freshDatabase(round);
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', String(port), '--data', join(data, 'data')],
    {
      cwd: root,
      env: {
        ...process.env,
        SCHEMAGATE_AUTH: 'off',
        SCHEMAGATE_LOG: 'error',
        DATABASE_URL: databaseUrl ?? '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    let ready = false;
    while (!ready) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error('the server was not ready within 120 s');
      ready = await fetch(`${url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (!ready) await sleep(20);
    }
    const startupMs = performance.now() - started;
    await sleep(2000);
    const idle = memory(child.pid);
    const body = JSON.stringify({ event });
    for (let i = 0; i < 1000; i++) {
      const response = await fetch(`${url}/v1/validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const verdict = await response.json();
      if (!response.ok || verdict.valid !== true)
        throw new Error(`validation ${i} answered ${response.status}`);
    }
    const loaded = memory(child.pid);
    return { startupMs, idleMb: idle.rss, afterMb: loaded.rss, peakMb: loaded.peak };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
    rmSync(data, { recursive: true, force: true });
  }
}

function helpRound() {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`--help exited with ${run.status}: ${run.stderr}`);
  return performance.now() - started;
}

const results = [];
for (let round = 1; round <= rounds; round++) {
  const result = { ...(await serveRound(round)), helpMs: helpRound() };
  results.push(result);
  process.stdout.write(
    `round ${round}: ready in ${result.startupMs.toFixed(0)} ms, idle ${result.idleMb.toFixed(0)} MB, ` +
      `after 1,000 validations ${result.afterMb.toFixed(0)} MB (peak ${result.peakMb.toFixed(0)} MB), ` +
      `--help ${result.helpMs.toFixed(0)} ms\n`,
  );
}
const m = (key) => median(results.map((result) => result[key]));
process.stdout.write(
  `median of ${rounds}: ready in ${m('startupMs').toFixed(0)} ms, idle ${m('idleMb').toFixed(0)} MB, ` +
    `after 1,000 validations ${m('afterMb').toFixed(0)} MB (peak ${m('peakMb').toFixed(0)} MB), ` +
    `--help ${m('helpMs').toFixed(0)} ms\n`,
);
