/**
 * `pnpm bench`: every benchmark of the repository, each beside a ceiling measured in the same run.
 *
 *   pnpm bench [--only http,ratelimit,gate,core,compat,codegen,sync] [--duration 3] [--rounds 5]
 *
 * HTTP figures come from autocannon (50 connections, loopback only) against the real server started as
 * `schemagate serve` on embedded PGlite, alternating with a bare hono endpoint that parses the same JSON. The gate's
 * figures (bench/gate-bench.ts) come from the same server on a fresh Postgres database (DATABASE_URL, else the
 * local test cluster).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runGateBench } from './gate-bench.ts';
import { runHttpBench } from './http-bench.ts';
import { runRateLimitBench } from './rate-limit-bench.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
  },
});
const only = values.only ? new Set(values.only.split(',')) : undefined;
const wanted = (name: string) => !only || only.has(name);
const root = join(import.meta.dirname, '..');

if (wanted('http')) {
  await runHttpBench({ root, durationSeconds: Number(values.duration), rounds: Number(values.rounds) });
}

if (wanted('ratelimit')) {
  await runRateLimitBench({ root, durationSeconds: Number(values.duration), rounds: Number(values.rounds) });
}

if (wanted('gate')) {
  await runGateBench({ root, durationSeconds: Number(values.duration), rounds: Number(values.rounds) });
}

const scripts: Array<[string, string]> = [
  ['core', 'packages/core/bench/validate.bench.ts'],
  ['compat', 'packages/core/bench/compat.bench.ts'],
  ['codegen', 'packages/codegen/bench/codegen.bench.ts'],
  ['sync', 'packages/eventbridge/bench/sync.bench.ts'],
];
for (const [name, script] of scripts) {
  if (!wanted(name)) continue;
  const path = join(root, script);
  if (!existsSync(path)) {
    process.stdout.write(`\n## ${name}: ${script} is missing\n`);
    process.exitCode = 1;
    continue;
  }
  process.stdout.write(`\n## ${name} (${script})\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = 1;
}
