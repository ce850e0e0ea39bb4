/**
 * The compatibility attacks of the probe, against a real server while a probe measures `/healthz`: each is
 * answered within 2 s, with a 4xx or a correct report, `/healthz` never waits 250 ms, and the server lives on.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { needsSecondOpinion } from '@schemagate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/serve.ts';
import { SERVER_COMPATIBILITY_LIMITS } from '../src/services/registry-service.ts';
import { type LocalServer, startLocalServer } from './harness.ts';
import { type HealthProbe, startHealthProbe } from './health-probe.ts';

const ANSWER_WITHIN_MS = 2000;
const HEALTH_WITHIN_MS = 250;

let local: LocalServer;
let server: RunningServer;
let probe: HealthProbe;

async function call(method: string, path: string, body?: string) {
  const res = await fetch(server.url + path, { method, headers: local.headers, body });
  return { status: res.status, body: JSON.parse(await res.text()) as Record<string, unknown> };
}

const versions = (name: string) => `/v1/registries/compat/schemas/${name}/versions`;
const compatibility = (name: string) => `/v1/registries/compat/schemas/${name}/compatibility`;

/**
 * Sends one request while the probe watches and checks what every attack must hold. The body is serialized
 * before the clock starts: the test shares the server's thread, and building a large body is the client's work.
 */
async function attack(method: string, path: string, body: unknown) {
  const text = JSON.stringify(body);
  probe.reset();
  // how long the server's own thread was held, to tell a stall of ours from a machine short of CPU
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const answer = await call(method, path, text);
  const tookMs = performance.now() - started;
  const health = await probe.report();
  loop.disable();
  const held = `event loop held up to ${(loop.max / 1e6).toFixed(0)} ms`;
  expect(answer.status, JSON.stringify(answer.body).slice(0, 400)).toBeLessThan(500);
  expect(tookMs, held).toBeLessThan(ANSWER_WITHIN_MS);
  expect(health.answered).toBeGreaterThan(0);
  expect(health.worst, held).toBeLessThan(HEALTH_WITHIN_MS);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  return answer;
}

/** `$defs` d0..d(depth-1), each `{"anyOf": [{"$ref": next}, {"$ref": next}]}`, as the probe sent them. */
function diamondChain(depth: number, leaf: Record<string, unknown>, title = 'chain') {
  const defs: Record<string, unknown> = {};
  for (let level = 0; level < depth; level += 1) {
    defs[`d${level}`] = { anyOf: [{ $ref: `#/$defs/d${level + 1}` }, { $ref: `#/$defs/d${level + 1}` }] };
  }
  defs[`d${depth}`] = leaf;
  return { title, $ref: '#/$defs/d0', $defs: defs };
}

/** An object of `count` required properties, the first `changed` of them integers and the rest strings. */
function wide(count: number, changed: number) {
  const properties: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1) {
    properties[`p${index}`] = { type: index < changed ? 'integer' : 'string' };
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

/**
 * A 422 `schema_too_complex` that names what it hit is an answer the issue allows for every attack (on a machine
 * short of CPU the time limit comes first); any other answer must be the correct report.
 */
function overBudget(answer: { status: number; body: Record<string, unknown> }): boolean {
  if (answer.status !== 422) return false;
  expect(answer.body.code).toBe('schema_too_complex');
  // the engine's or the pool's limit (`limit`), or registration's static bounds (`errors`)
  expect(answer.body.limit ?? (answer.body.errors as unknown[] | undefined)?.length).toBeTruthy();
  return true;
}

/** The breaking changes of a report. */
const breakingOf = (report: Record<string, unknown>) =>
  (report.changes as Array<{ type: string; breaking: boolean; path: string }>).filter(
    (change) => change.breaking,
  );

beforeAll(async () => {
  local = await startLocalServer('schemagate-hostile-compat-');
  server = local.server;
  expect(
    (await call('PUT', '/v1/registries/compat', JSON.stringify({ compatibility: 'BACKWARD' }))).status,
  ).toBeLessThan(300);
  for (const [name, schema] of [
    ['diamond', diamondChain(13, { type: 'string' })],
    ['wide', wide(450, 0)],
    ['growing', wide(10, 0)],
  ] as const) {
    const registered = await call('POST', versions(name), JSON.stringify({ schema }));
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
  // checks before the clock matters: the pool's workers load the sources through tsx here, and on a busy machine the
  // first checks may run out of their time while they do
  const warmUp = () => call('POST', compatibility('growing'), JSON.stringify({ schema: wide(10, 0) }));
  let warm = await warmUp();
  for (let tries = 0; warm.status !== 200 && tries < 20; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    warm = await warmUp();
  }
  expect(warm.status, JSON.stringify(warm.body)).toBe(200);
  probe = await startHealthProbe(server.url);
}, 120_000);

afterAll(async () => {
  await probe?.stop();
  await local?.close();
});

// each attack is bounded by its own assertions; the test timeout only has to cover loading on a busy machine
describe('compatibility checks cost what the schemas size costs, off the event loop', {
  timeout: 20_000,
}, () => {
  it('/v1/quotas publishes the limits a check runs under and the pool it runs in', async () => {
    const quotas = await call('GET', '/v1/quotas');
    expect(quotas.status).toBe(200);
    const limits = quotas.body.limits as Record<string, Record<string, number>>;
    expect(limits.compatibility).toEqual({
      ...SERVER_COMPATIBILITY_LIMITS,
      hardLimitMs: limits.pool!.taskTimeoutMs,
    });
    expect(limits.pool!.size).toBeGreaterThanOrEqual(1);
    expect(limits.pool!.size).toBeLessThanOrEqual(2);
    expect(limits.pool).toMatchObject({ maxQueue: expect.any(Number), queueTimeoutMs: expect.any(Number) });
    // well within the 2 s every request is answered in
    expect(limits.compatibility!.maxMillis).toBeLessThan(limits.compatibility!.hardLimitMs!);
    expect(limits.compatibility!.hardLimitMs).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('a 22-level diamond of $refs against a version of the same shape: a 4xx or a report, within 2 s', async () => {
    const answer = await attack('POST', compatibility('diamond'), {
      schema: diamondChain(22, { type: 'string' }),
    });
    if (overBudget(answer)) return;
    expect(answer.status).toBe(200);
    expect(answer.body.compatible).toBe(true);
  });

  it('the same shape, 13 levels (2^13 paths, as deep as registration allows), is compatible: the report comes from remembered pairs', async () => {
    const answer = await attack('POST', compatibility('diamond'), {
      schema: diamondChain(13, { type: 'string' }, 'renamed'),
    });
    if (overBudget(answer)) return;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ compatible: true, mode: 'BACKWARD' });
  });

  it('13 levels with a narrowed leaf: incompatible, with one change per level', async () => {
    const answer = await attack('POST', compatibility('diamond'), {
      schema: diamondChain(13, { type: 'integer' }),
    });
    if (overBudget(answer)) return;
    expect(answer.status).toBe(200);
    expect(answer.body.compatible).toBe(false);
    const breaking = breakingOf(answer.body);
    expect(breaking.some((change) => change.type === 'TYPE_CHANGED')).toBe(true);
    expect(breaking.length).toBeLessThan(60);
  });

  it('450 properties with 225 changed: a report naming each change, or 422 naming the limit', async () => {
    const answer = await attack('POST', compatibility('wide'), { schema: wide(450, 225) });
    if (overBudget(answer)) return;
    expect(answer.status).toBe(200);
    expect(answer.body.compatible).toBe(false);
    const changed = breakingOf(answer.body).filter((change) => change.type === 'TYPE_CHANGED');
    expect(new Set(changed.map((change) => change.path)).size).toBe(225);
  });

  it('registering a 10,000-property version under BACKWARD: refused as incompatible or too complex', async () => {
    const properties: Record<string, unknown> = {};
    for (let index = 0; index < 10_000; index += 1) properties[`p${index}`] = { type: 'string' };
    const answer = await attack('POST', versions('growing'), {
      schema: { type: 'object', properties, required: wide(10, 0).required },
    });
    if (overBudget(answer)) return;
    // strict: every property added to an open object is breaking
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('incompatible');
    expect((answer.body.report as { compatible: boolean }).compatible).toBe(false);
  });

  it('several attacks at once: each is answered within 2 s and /healthz stays prompt', async () => {
    const bodies = [
      [compatibility('diamond'), { schema: diamondChain(13, { type: 'integer' }) }],
      [compatibility('wide'), { schema: wide(450, 225) }],
      [compatibility('diamond'), { schema: diamondChain(22, { type: 'string' }) }],
    ] as const;
    const texts = bodies.map(([, body]) => JSON.stringify(body));
    probe.reset();
    const answers = await Promise.all(
      bodies.map(async ([path], index) => {
        const started = performance.now();
        const answer = await call('POST', path, texts[index]);
        return { ...answer, tookMs: performance.now() - started };
      }),
    );
    const health = await probe.report();
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBeLessThan(500);
      // 503 busy is an answer too, with Retry-After; nothing may hang
      expect(answer.tookMs).toBeLessThan(ANSWER_WITHIN_MS * 2);
    }
    expect(health.worst).toBeLessThan(HEALTH_WITHIN_MS);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("redos-detector's opinions are worked out in the pool", { timeout: 20_000 }, () => {
  it('registering 6 patterns that need one keeps /healthz prompt and records each verdict', async () => {
    // anchored, refused by the syntactic rule, each distinct: inline each would hold the loop ~30-70 ms
    const patterns = Array.from({ length: 6 }, (_, i) => `^[a-z]{2}(-[a-z]+)+-[0-9]{${i + 1}}$`);
    const properties = Object.fromEntries(
      patterns.map((pattern, i) => [`p${i}`, { type: 'string', pattern }]),
    );
    for (const pattern of patterns) expect(needsSecondOpinion(pattern, 'u')).toBe(true);
    const answer = await attack('POST', versions('regions'), { schema: { type: 'object', properties } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    for (const pattern of patterns) expect(needsSecondOpinion(pattern, 'u')).toBe(false);
    const validate = (event: unknown) =>
      call('POST', '/v1/validate', JSON.stringify({ registry: 'compat', schema: 'regions', event }));
    expect((await validate({ p0: 'eu-west-1', p2: 'us-gov-east-123' })).body.valid).toBe(true);
    expect((await validate({ p0: 'eu-west-12' })).body.valid).toBe(false);
  });
});
