/**
 * The gate's promise under a crash: a retrying client sends 3,000 events (every tenth invalid) through a real
 * server process whose forwarder targets the loopback EventBridge, which fails a share of the entries, throttles a
 * share of the calls and answers late. The server is killed with SIGKILL mid-burst and started again; once it has
 * drained, every event answered 202 reached EventBridge, the only duplicates are events of the one claim that was
 * in flight at the kill (the kill waits for a call EventBridge has taken and not yet answered), and nothing invalid
 * was forwarded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@schemagate/eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from './scratch-database.ts';
import { type SpawnedServer, spawnServer } from './spawned-server.ts';

const TOTAL = 3000;
const KILL_AFTER_ACCEPTED = 900;
const SENDERS = 16;
/** The forwarder's claim (its default): what one process may hold sent but not yet acknowledged. */
const CLAIM_BATCH = 300;

/** A small seeded generator, so that a failing run can be replayed. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const schema = {
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: { const: 'crash.orders' },
    'detail-type': { const: 'OrderPlaced' },
    detail: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
  },
};
const eventOf = (n: number) => ({
  source: 'crash.orders',
  'detail-type': 'OrderPlaced',
  // every tenth breaks the schema
  detail: { n: n % 10 === 9 ? `n-${n}` : n, note: 'x'.repeat(n % 300) },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  name: 'postgres' | 'pglite';
  /** The server's storage environment; `drop` removes what the test created. */
  prepare(dir: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'pglite',
    prepare: async (dir) => ({ env: { SCHEMAGATE_DATA: join(dir, 'data') }, drop: async () => {} }),
  },
];
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  targets.push({
    name: 'postgres',
    async prepare(dir) {
      const database = await createScratchDatabase(databaseUrl, 'sg_crash');
      return { env: { DATABASE_URL: database.url, SCHEMAGATE_DATA: join(dir, 'data') }, drop: database.drop };
    },
  });
}

describe.each(targets)('a forwarding server killed with SIGKILL mid-burst ($name)', (target) => {
  let dir: string;
  let emulator: RunningEmulator;
  let storage: { env: Record<string, string>; drop(): Promise<void> };
  const servers: SpawnedServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-crash-'));
    emulator = await startEmulator({ random: mulberry32(20261201) });
    storage = await target.prepare(dir);
  });
  afterAll(async () => {
    for (const server of servers) await server.kill();
    await emulator?.close();
    await storage?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await spawnServer({
      ...storage.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEMAGATE_SEED: 'false',
      SCHEMAGATE_AUTH: 'off',
      SCHEMAGATE_LOG: 'info',
      SCHEMAGATE_RATE_LIMIT: '1000000',
      SCHEMAGATE_EVENTBRIDGE_ENDPOINT: emulator.url,
      SCHEMAGATE_EVENT_BUS: 'crash-bus',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // quick retries and a short lease, so that the test drains in seconds; no event runs out of attempts
      SCHEMAGATE_FORWARD_LEASE_MS: '3000',
      SCHEMAGATE_FORWARD_BACKOFF_BASE_MS: '20',
      SCHEMAGATE_FORWARD_BACKOFF_MAX_MS: '400',
      SCHEMAGATE_FORWARD_MAX_ATTEMPTS: '1000',
    });
    servers.push(server);
    return server;
  };

  it('forwards every event answered 202 at least once, again only what was in flight, and nothing invalid', async () => {
    let server = await start();
    expect(server.output()).toMatch(
      /forwarding accepted events to EventBridge bus crash-bus in us-east-1 at http/,
    );
    const register = await fetch(`${server.url}/v1/registries/crash/schemas/orders/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema }),
    });
    expect(register.status).toBe(201);
    emulator.inject.putEvents.failEntriesAtRate(0.1, 'InternalFailure');
    emulator.inject.putEvents.throttleRequestsAtRate(0.1);
    emulator.inject.putEvents.delayResponses(15);

    let base: string | undefined = server.url;
    const accepted = new Map<number, string>();
    const refused = new Set<number>();
    let receivedBeforeRestart = -1;
    let acceptedAtKill = -1;
    let killing: Promise<void> | undefined;

    const crashAndRestart = async () => {
      // kill while a PutEvents call is in flight: EventBridge has its events, the server not yet its answer
      const calls = emulator.state.putEventsCalls;
      const seen = calls.length;
      emulator.inject.putEvents.delayResponses(1000);
      for (let i = 0; i < 400; i++) {
        if (calls.slice(seen).some((call) => call.entries.some((entry) => entry.eventId))) break;
        await sleep(5);
      }
      base = undefined;
      acceptedAtKill = accepted.size;
      await server.kill();
      emulator.inject.putEvents.delayResponses(15);
      // anything the dead process had sent is in by now; what comes after is the new process's
      await sleep(200);
      receivedBeforeRestart = emulator.state.events.length;
      server = await start();
      base = server.url;
    };

    /** One event until it has a final answer, with the same Idempotency-Key on every try. */
    const send = async (n: number) => {
      const body = JSON.stringify({ event: eventOf(n), registry: 'crash', schema: 'orders' });
      for (let attempt = 0; attempt < 2000; attempt++) {
        const at = base;
        if (!at) {
          await sleep(50);
          continue;
        }
        let response: Response;
        try {
          response = await fetch(`${at}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `"crash-${n}"` },
            body,
            signal: AbortSignal.timeout(10_000),
          });
        } catch {
          await sleep(50);
          continue;
        }
        const text = await response.text();
        if (response.status === 202) {
          accepted.set(n, (JSON.parse(text) as { id: string }).id);
          if (accepted.size === KILL_AFTER_ACCEPTED && !killing) killing = crashAndRestart();
          return;
        }
        if (response.status === 422) {
          expect(JSON.parse(text)).toMatchObject({ code: 'event_invalid' });
          refused.add(n);
          return;
        }
        // in flight under a dead process's record (409), or a moment of trouble: try again as told
        expect([409, 429, 502, 503], text).toContain(response.status);
        const retryAfter = Number(response.headers.get('retry-after') ?? '0');
        await sleep(Math.min(Math.max(retryAfter * 1000, 50), 2000));
      }
      throw new Error(`event ${n} got no final answer`);
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < TOTAL) await send(next++);
      }),
    );
    await killing;
    expect(accepted.size + refused.size).toBe(TOTAL);
    expect(refused.size).toBe(TOTAL / 10);
    // the kill came mid-burst: some events were forwarded before it, many were accepted after it
    expect(acceptedAtKill).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);
    expect(acceptedAtKill).toBeLessThan(accepted.size - 500);
    expect(receivedBeforeRestart).toBeGreaterThan(0);

    // drained: every accepted event is in, and the outbox says it is empty
    const received = () => new Set(emulator.state.events.map((e) => (e.detail as { n: unknown }).n));
    for (let i = 0; i < 600 && [...accepted.keys()].some((n) => !received().has(n)); i++) await sleep(200);
    const missing = [...accepted.keys()].filter((n) => !received().has(n));
    expect(missing).toEqual([]);
    await expect
      .poll(
        async () => {
          const metrics = await (await fetch(`${server.url}/metrics`)).text();
          return /^schemagate_outbox_pending (\d+)/m.exec(metrics)?.[1];
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe('0');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^schemagate_forwarded_events_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(Number(/^schemagate_forward_failed_entries_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);

    // nothing invalid reached EventBridge, nor anything nobody sent
    const events = emulator.state.events;
    expect(events.every((e) => typeof (e.detail as { n: unknown }).n === 'number')).toBe(true);
    expect(events.every((e) => accepted.has((e.detail as { n: number }).n))).toBe(true);
    expect(events.every((e) => e.eventBusName === 'crash-bus' && e.source === 'crash.orders')).toBe(true);

    // duplicates: only events the dead process had sent and not yet acknowledged, which is at most its one claim,
    // the last ones EventBridge took from it, each sent once more by the new process
    const seen = new Map<number, number[]>();
    events.forEach((e, index) => {
      const n = (e.detail as { n: number }).n;
      seen.set(n, [...(seen.get(n) ?? []), index]);
    });
    const duplicates = [...seen.entries()].filter(([, at]) => at.length > 1);
    const lastOfTheDead = receivedBeforeRestart - CLAIM_BATCH;
    for (const [n, at] of duplicates) {
      expect(at, `event ${n}`).toHaveLength(2);
      expect(at[0], `event ${n}`).toBeGreaterThanOrEqual(lastOfTheDead);
      expect(at[0], `event ${n}`).toBeLessThan(receivedBeforeRestart);
      expect(at[1], `event ${n}`).toBeGreaterThanOrEqual(receivedBeforeRestart);
    }
    expect(duplicates.length).toBeLessThanOrEqual(CLAIM_BATCH);
    // the call in flight at the kill was sent again: its events are the duplicates
    expect(duplicates.length).toBeGreaterThan(0);
    console.info(
      `${target.name}: ${accepted.size} accepted (${acceptedAtKill} before the kill), ${refused.size} refused, ` +
        `${events.length} received by EventBridge in ${emulator.state.putEventsCalls.length} calls, ` +
        `${duplicates.length} sent twice`,
    );
    await server.stop();
    servers.length = 0;
  }, 300_000);
});
