/**
 * `/metrics` of a real server after traffic of every kind (valid, invalid, refused, unauthenticated, unknown paths):
 * the series the alerts and the dashboard read are there, label values stay bounded whatever names callers send,
 * and the whole output passes `promtool check metrics`.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exposition, familyOf, parseExposition } from './exposition.ts';
import { badOrder, goodOrder, orderPlacedV1 } from './fixtures.ts';
import { type LocalServer, startLocalServer } from './harness.ts';
import { seriesNames } from './promql-names.ts';
import { havePromtool, promtool } from './promtool.ts';

const deploy = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy');
/**
 * The gate's series, as the engineers' contract names them: the outbox and dead-letter series appear once the gate
 * has work, and the alerts and dashboard may read them before this server's scrape shows them.
 */
const GATE_SERIES = [
  'schemagate_dead_letters',
  'schemagate_idempotent_replays_total',
  'schemagate_outbox_pending',
  'schemagate_outbox_oldest_age_seconds',
  'schemagate_forwarded_events_total',
  'schemagate_forward_failed_entries_total',
];

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { name: string; query?: string | { query: string } }[] };
}

/** The families whose labels callers could drive; the default process metrics are the runtime's. */
const BOUNDED = [
  'schemagate_http_requests_total',
  'schemagate_http_request_duration_seconds',
  'schemagate_validations_total',
  'schemagate_throttled_requests_total',
];

describe('/metrics of a running server', () => {
  let local: LocalServer;
  const post = (path: string, body: unknown, headers = local.headers) =>
    fetch(new URL(path, local.server.url), { method: 'POST', headers, body: JSON.stringify(body) });
  const scrape = async () => {
    const res = await fetch(new URL('/metrics', local.server.url), { headers: local.headers });
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, exposition: parseExposition(text) };
  };
  const seriesOf = (exposition: Exposition) =>
    exposition.samples
      .filter((s) => BOUNDED.some((family) => s.name.startsWith(family)))
      .map((s) => `${s.name}${JSON.stringify(s.labels)}`)
      .sort();
  const refusedCount = (exposition: Exposition) =>
    exposition.samples.find(
      (s) => s.name === 'schemagate_validations_total' && s.labels.result === 'unroutable',
    )?.value;

  /**
   * 1,000 events to names nobody registered (by explicit registry and schema, by envelope, one by one and in
   * batches), and 50 requests to paths nobody serves.
   */
  const sendToUnknownSchemas = async () => {
    const statuses = new Set<number>();
    const single = Array.from({ length: 500 }, (_, i) =>
      i % 2 === 0
        ? { event: goodOrder, registry: `r-${randomUUID()}`, schema: `s-${randomUUID()}` }
        : { event: { ...goodOrder, source: `com.${randomUUID()}`, 'detail-type': randomUUID() } },
    );
    for (let i = 0; i < single.length; i += 50) {
      const answers = await Promise.all(single.slice(i, i + 50).map((body) => post('/v1/validate', body)));
      for (const answer of answers) {
        statuses.add(answer.status);
        await answer.body?.cancel();
      }
    }
    // and paths nobody routes: one `unmatched` route, not one per path
    const strays = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(new URL(`/v1/${randomUUID()}`, local.server.url), { headers: local.headers }),
      ),
    );
    for (const stray of strays) {
      statuses.add(stray.status);
      await stray.body?.cancel();
    }
    for (let b = 0; b < 5; b++) {
      const events = Array.from({ length: 100 }, () => ({
        event: { ...goodOrder, source: `com.${randomUUID()}`, 'detail-type': randomUUID() },
      }));
      const answer = await post('/v1/validate/batch', { events });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { failedCount: number }).failedCount).toBe(100);
    }
    return statuses;
  };

  beforeAll(async () => {
    local = await startLocalServer('schemagate-metrics-');
    const registered = await post('/v1/registries/shop/schemas/orders/versions', { schema: orderPlacedV1 });
    expect(registered.status).toBe(201);
    expect((await post('/v1/validate', { event: goodOrder })).status).toBe(200);
    expect((await post('/v1/validate', { event: badOrder })).status).toBe(200);
    const { authorization: _, ...anonymous } = local.headers;
    expect((await post('/v1/validate', { event: goodOrder }, anonymous)).status).toBe(401);
    expect(
      (await fetch(new URL('/v1/nothing-here', local.server.url), { headers: local.headers })).status,
    ).toBe(404);
    const text = await fetch(new URL('/v1/validate', local.server.url), {
      method: 'POST',
      headers: { ...local.headers, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const broken = await fetch(new URL('/v1/validate', local.server.url), {
      method: 'POST',
      headers: local.headers,
      body: '{"event":',
    });
    expect(broken.status).toBe(400);
    // the gate: one event accepted into the outbox, one refused into dead letters
    const gate = (event: unknown) =>
      post('/v1/events', { event }, { ...local.headers, 'idempotency-key': `"${randomUUID()}"` });
    expect((await gate(goodOrder)).status).toBe(202);
    expect((await gate(badOrder)).status).toBe(422);
  }, 60_000);

  afterAll(() => local?.close());

  it('keeps one series for every unknown schema and registry, however many callers name', async () => {
    await scrape(); // so that the scrape's own series exist before the first count
    const statuses = await sendToUnknownSchemas();
    expect([...statuses].every((s) => s >= 400 && s < 500)).toBe(true);
    const first = (await scrape()).exposition;
    expect(refusedCount(first)).toBeGreaterThanOrEqual(1000);

    await sendToUnknownSchemas();
    const second = (await scrape()).exposition;
    // another 1,000 new names: not one series more, the one series counts them
    expect(seriesOf(second)).toEqual(seriesOf(first));
    expect(refusedCount(second)).toBe(refusedCount(first)! + 1000);
    const validations = second.samples.filter((s) => s.name === 'schemagate_validations_total');
    expect(validations.map((s) => s.labels)).toEqual(
      expect.arrayContaining([
        { registry: 'shop', schema: 'orders', result: 'valid' },
        { registry: 'shop', schema: 'orders', result: 'invalid' },
        { registry: '(unknown)', schema: '(unknown)', result: 'unroutable' },
      ]),
    );
    expect(validations).toHaveLength(3);
  });

  it('shows the throttles by reason from the start, and the event loop lag under its standard name', async () => {
    const { exposition } = await scrape();
    const throttled = exposition.samples.filter((s) => s.name === 'schemagate_throttled_requests_total');
    expect(throttled.map((s) => s.labels.reason).sort()).toEqual([
      'overload',
      'rate_limit',
      'registration_limit',
    ]);
    expect(exposition.families.get('schemagate_throttled_requests_total')?.type).toBe('counter');
    const lag = exposition.samples.find((s) => s.name === 'nodejs_eventloop_lag_seconds');
    expect(exposition.families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(lag?.value).toBeGreaterThanOrEqual(0);
    expect(lag?.value).toBeLessThan(5);
    expect(exposition.families.get('schemagate_http_request_duration_seconds')?.type).toBe('histogram');
    expect(exposition.samples).toContainEqual(
      expect.objectContaining({
        name: 'schemagate_http_requests_total',
        labels: { method: 'POST', route: '/v1/validate', status: '401' },
      }),
    );
  });

  it('passes promtool check metrics', async () => {
    const { text } = await scrape();
    if (!havePromtool()) {
      // without promtool (outside CI) the strict parse of scrape() is the check
      expect(parseExposition(text).samples.length).toBeGreaterThan(0);
      return;
    }
    const run = promtool(['check', 'metrics'], text);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  it("serves every series the dashboard and the alert rules read (the gate's as contracted)", async () => {
    const { exposition } = await scrape();
    const exported = (name: string) =>
      familyOf(name, exposition.families) !== undefined || GATE_SERIES.includes(name);
    const dashboard = JSON.parse(
      readFileSync(join(deploy, 'grafana/schemagate-dashboard.json'), 'utf8'),
    ) as Dashboard;
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      'Requests by status',
      'Error ratio (5xx)',
      'p99 latency by route',
      'Validations by result',
      'Throttled requests by reason',
      'Outbox: pending and oldest age',
      'Dead letters by reason',
      'Event-loop lag',
    ]);
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    for (const variable of dashboard.templating.list) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const series = query && /^label_values\((\w+),/.exec(query)?.[1];
      if (series) exprs.push(series);
    }
    const rules = readFileSync(join(deploy, 'prometheus/alerts.yml'), 'utf8');
    const alertExprs = rules
      .split(/^\s+expr: /m)
      .slice(1)
      .map((rest) => rest.split(/^\s+for: /m)[0]!);
    expect(alertExprs).toHaveLength(6);
    const read = new Set([...exprs, ...alertExprs].flatMap((expr) => [...seriesNames(expr)]));
    expect([...read].filter((name) => !exported(name))).toEqual([]);
    // what the scrape shows itself, not only by contract
    for (const name of [
      'schemagate_http_requests_total',
      'schemagate_throttled_requests_total',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(read.has(name) && familyOf(name, exposition.families)).toBe(name);

    if (!havePromtool()) return;
    // promtool parses the panels' PromQL when it is a rule's: Grafana's variables become what they stand for
    const dir = mkdtempSync(join(tmpdir(), 'schemagate-dashboard-'));
    try {
      const file = join(dir, 'panels.yml');
      const records = exprs.map((expr, i) => {
        const promql = expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.+');
        return `      - record: dashboard:panel_${i}\n        expr: ${JSON.stringify(promql)}`;
      });
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${records.join('\n')}\n`);
      const checked = promtool(['check', 'rules', file]);
      expect(checked.output).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
