import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/serve.ts';
import { type LocalServer, startLocalServer } from './harness.ts';
import { type HealthProbe, startHealthProbe } from './health-probe.ts';

const ANSWER_WITHIN_MS = 2000;
const HEALTH_WITHIN_MS = 250;
const BINDINGS_BUDGET_MS = 250;
const COMPILE_BUDGET_MS = 1000;

let local: LocalServer;
let server: RunningServer;
let headers: Record<string, string>;
let probe: HealthProbe;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

const versionsOf = (name: string) => `/v1/registries/hostile/schemas/${name}/versions`;
const register = (name: string, schema: unknown) => call('POST', versionsOf(name), { schema });

/**
 * Sends one attack while the probe watches: answered with a 4xx within 2 s, `/healthz` prompt throughout and after.
 * The body is serialized before the clock starts: the test shares the server's thread, and building a large body is
 * the client's work, not the server's.
 */
async function attack(method: string, path: string, body?: unknown) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  probe.reset();
  const started = performance.now();
  const answer = await call(method, path, text);
  const tookMs = performance.now() - started;
  const { worst, answered } = await probe.report();
  expect(answer.status, JSON.stringify(answer.body).slice(0, 400)).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(tookMs).toBeLessThan(ANSWER_WITHIN_MS);
  expect(answered).toBeGreaterThan(0);
  expect(worst).toBeLessThan(HEALTH_WITHIN_MS);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  return answer.body;
}

const objectWith = (count: number, entry: (i: number) => [string, unknown]) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => entry(i)));

beforeAll(async () => {
  // Budgets with room on both sides of what the schemas below take here, so that each verdict holds whatever the
  // machine's speed: compiling 15,000 properties takes about 2.2 s (refused at 1 s) and 2,500 about 0.4 s
  // (registered); generating the bindings of the 2,500 takes about 1 s (refused at 250 ms).
  local = await startLocalServer('schemagate-hostile-', {
    SCHEMAGATE_COMPILE_BUDGET_MS: String(COMPILE_BUDGET_MS),
    SCHEMAGATE_BINDINGS_BUDGET_MS: String(BINDINGS_BUDGET_MS),
  });
  ({ server, headers } = local);
  expect((await call('PUT', '/v1/registries/hostile', { compatibility: 'NONE' })).status).toBeLessThan(300);
  probe = await startHealthProbe(server.url);
}, 60_000);

afterAll(async () => {
  await probe?.stop();
  await local?.close();
});

describe('a large schema is compiled, and validated against, in the work pool', () => {
  it('registers 1,100 properties and validates events against them off the event loop', async () => {
    const properties = objectWith(1100, (i) => [`p${i}`, { type: 'integer' }]);
    // the first task starts the pool's workers, which load the sources through tsx here: 503 until they are up
    let registered = await register('wide', { type: 'object', properties });
    for (let tries = 0; registered.status === 503 && tries < 10; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      registered = await register('wide', { type: 'object', properties });
    }
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const good = await call('POST', '/v1/validate', {
      registry: 'hostile',
      schema: 'wide',
      event: { p1: 1, p1099: 2 },
    });
    expect(good.status).toBe(200);
    expect(good.body.valid).toBe(true);
    const bad = await call('POST', '/v1/validate', {
      registry: 'hostile',
      schema: 'wide',
      event: { p7: 'x' },
    });
    expect(bad.body).toMatchObject({ valid: false, errors: [{ path: '/p7', keyword: 'type' }] });
  }, 30_000);
});

describe('hostile schemas and events are refused within 2 s while /healthz stays prompt', () => {
  it('uniqueItems over 30,000 objects', async () => {
    expect((await register('unique', { type: 'array', uniqueItems: true })).status).toBe(201);
    const event = Array.from({ length: 30_000 }, (_, id) => ({ id }));
    const body = await attack('POST', '/v1/validate', { registry: 'hostile', schema: 'unique', event });
    expect(body).toMatchObject({ code: 'validation_budget_exceeded', limit: 'validationBudgetMs' });
  });

  it('1,000 patternProperties, and 100 of them against an event with 60,000 keys', async () => {
    const refused = await attack('POST', versionsOf('patterns-1000'), {
      schema: { patternProperties: objectWith(1000, (i) => [`^k${i}_`, { type: 'integer' }]) },
    });
    expect(refused).toMatchObject({ code: 'schema_too_complex', limit: 'maxPatternProperties' });
    expect(refused.errors).toMatchObject([{ path: '/patternProperties', keyword: 'maxPatternProperties' }]);

    const patternProperties = objectWith(100, (i) => [`^k${i}_`, { type: 'integer' }]);
    expect((await register('patterns', { type: 'object', patternProperties })).status).toBe(201);
    const event = objectWith(60_000, (i) => [`key${i}`, i]);
    const body = await attack('POST', '/v1/validate', { registry: 'hostile', schema: 'patterns', event });
    expect(body.code).toBe('validation_budget_exceeded');
  });

  it.each(['a{1000}b', '.{0,1000}x', '\\d{1,1000}\\.'])(
    'the far-reaching bounded repetition %s: refused on an unbounded string, budgeted on a bounded one',
    async (pattern) => {
      const refused = await attack('POST', versionsOf('repeat'), { schema: { type: 'string', pattern } });
      expect(refused).toMatchObject({ code: 'schema_too_complex', limit: 'maxPatternRepetition' });
      expect(refused.errors).toMatchObject([{ path: '/pattern', keyword: 'maxPatternRepetition' }]);

      const name = `bounded-${pattern.length}`;
      const bounded = await register(name, { type: 'string', maxLength: 2000, pattern });
      expect(bounded.status, JSON.stringify(bounded.body)).toBe(201);
      const event = `${'1'.repeat(450_000)}${'a'.repeat(450_000)}`;
      const body = await attack('POST', '/v1/validate', { registry: 'hostile', schema: name, event });
      expect(body.code).toBe('validation_budget_exceeded');
    },
  );

  it('a 100,000-value enum, and a batch of 10,000 events of misses against a 10,000-value one', async () => {
    const huge = await attack('POST', versionsOf('enum-huge'), {
      schema: { enum: Array.from({ length: 100_000 }, (_, i) => `v${i}`) },
    });
    expect(huge).toMatchObject({ code: 'schema_too_complex', limit: 'maxEnumValues' });
    expect(huge.errors).toMatchObject([{ path: '/enum' }]);

    const schema = { type: 'array', items: { enum: Array.from({ length: 10_000 }, (_, i) => `v${i}`) } };
    expect((await register('enum', schema)).status).toBe(201);
    const events = Array.from({ length: 10_000 }, (_, i) => [`x${i}`, `y${i}`, `z${i}`, `w${i}`, `u${i}`]);
    const body = await attack('POST', '/v1/validate/batch', { registry: 'hostile', schema: 'enum', events });
    expect(body).toMatchObject({ code: 'validation_budget_exceeded', limit: 'validationBudgetMs' });
  });

  it('a $ref chain of anyOf pairs, 22 deep', async () => {
    const $defs = objectWith(22, (i) => {
      const next = i < 21 ? `#/$defs/d${i + 1}` : '#/$defs/leaf';
      return [`d${i}`, { anyOf: [{ $ref: next }, { $ref: next }] }];
    });
    const body = await attack('POST', versionsOf('chain'), {
      schema: { $ref: '#/$defs/d0', $defs: { ...$defs, leaf: { type: 'string' } } },
    });
    expect(body).toMatchObject({ code: 'schema_too_complex', limit: 'maxExpandedSubschemas' });
  });

  it('a 15,000-property schema, and the TypeScript bindings of a 2,500-property one', async () => {
    const huge = objectWith(15_000, (i) => [`p${i}`, { type: 'string', maxLength: 20 }]);
    const refused = await attack('POST', versionsOf('huge'), {
      schema: { type: 'object', properties: huge },
    });
    expect(refused).toMatchObject({ code: 'schema_too_complex', limit: 'time' });

    const large = objectWith(2500, (i) => [`p${i}`, { type: 'string', description: `field ${i}` }]);
    expect((await register('large', { type: 'object', properties: large })).status).toBe(201);
    const body = await attack('GET', `${versionsOf('large')}/1/bindings/typescript`);
    expect(body).toMatchObject({ code: 'schema_too_complex', limit: 'time' });
  });
});

describe('the limits are published', () => {
  it('in /v1/quotas', async () => {
    const { status, body } = await call('GET', '/v1/quotas');
    expect(status).toBe(200);
    expect(body.limits).toMatchObject({
      schema: {
        maxSubschemas: 20_000,
        maxExpandedSubschemas: 100_000,
        maxEnumValues: 10_000,
        maxPatternProperties: 100,
        maxPatternRepetition: 100,
        inlineCompileSubschemas: 1000,
        compileBudgetMs: COMPILE_BUDGET_MS,
        bindingsBudgetMs: BINDINGS_BUDGET_MS,
      },
      validation: { inlineMs: 100, budgetMs: 1000 },
    });
  });
});
