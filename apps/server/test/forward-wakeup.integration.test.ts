/**
 * An accepted event reaches EventBridge right after its 202, not when the forwarder's idle poll (500 ms) comes
 * round: the commit wakes this replica's forwarder in process and, on Postgres, every other replica's through
 * NOTIFY. On Postgres the event goes in at a replica with no EventBridge target, so only the other replica's
 * forwarder, woken by the notification, can send it. Prints the latencies it measured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@schemagate/eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/serve.ts';
import { createScratchDatabase } from './scratch-database.ts';

const EVENTS = 12;

interface Target {
  name: string;
  /** Storage for the replicas, and how to drop it. */
  prepare(dir: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }>;
  /** Whether the event goes in at a replica other than the forwarding one (Postgres: they share the database). */
  twoReplicas: boolean;
}

const targets: Target[] = [
  {
    name: 'pglite',
    twoReplicas: false,
    prepare: async (dir) => ({
      env: { DATABASE_URL: '', SCHEMAGATE_DATA: join(dir, 'data') },
      drop: async () => {},
    }),
  },
];
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  targets.push({
    name: 'postgres',
    twoReplicas: true,
    async prepare() {
      const database = await createScratchDatabase(databaseUrl, 'sg_wakeup');
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  });
}

describe.each(targets)('forwarding latency, 202 to EventBridge ($name)', (target) => {
  let dir: string;
  let emulator: RunningEmulator;
  let storage: { env: Record<string, string>; drop(): Promise<void> };
  const servers: RunningServer[] = [];
  let door: RunningServer;

  const start = (env: Record<string, string>, index: number) =>
    startServer({
      env: {
        ...storage.env,
        ...(storage.env.SCHEMAGATE_DATA ? {} : { SCHEMAGATE_DATA: join(dir, `data-${index}`) }),
        PORT: '0',
        HOST: '127.0.0.1',
        SCHEMAGATE_SEED: 'false',
        SCHEMAGATE_AUTH: 'off',
        SCHEMAGATE_LOG: 'silent',
        SCHEMAGATE_EVENT_BUS: 'wakeup-bus',
        ...env,
      },
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-wakeup-'));
    // no region anywhere: a replica without an endpoint has no EventBridge target; the emulator takes any key
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    emulator = await startEmulator();
    storage = await target.prepare(dir);
    const forwarding = await start({ SCHEMAGATE_EVENTBRIDGE_ENDPOINT: emulator.url }, 0);
    servers.push(forwarding);
    door = forwarding;
    if (target.twoReplicas) {
      door = await start({ SCHEMAGATE_EVENTBRIDGE_ENDPOINT: '' }, 1);
      servers.push(door);
    }
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) await server.close();
    await emulator?.close();
    await storage?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends each event within a fraction of the idle poll after its 202', async () => {
    const register = await fetch(`${door.url}/v1/registries/w/schemas/thing/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: { type: 'object' } }),
    });
    expect(register.status).toBe(201);
    const latencies: number[] = [];
    for (let n = 0; n < EVENTS; n++) {
      const sent = await fetch(`${door.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ registry: 'w', schema: 'thing', event: { n } }),
      });
      expect(sent.status).toBe(202);
      const accepted = performance.now();
      // each event follows the previous one's delivery closely: a forwarder that only polls has just found the
      // outbox empty and sleeps for most of its 500 ms
      while (emulator.state.events.length <= n && performance.now() - accepted < 5000)
        await new Promise((resolve) => setTimeout(resolve, 1));
      expect(emulator.state.events).toHaveLength(n + 1);
      latencies.push(performance.now() - accepted);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `forwarding latency (${target.name}, ${EVENTS} events): median ${median.toFixed(1)} ms, ` +
        `max ${sorted.at(-1)!.toFixed(1)} ms, all ${latencies.map((l) => l.toFixed(0)).join(' ')}`,
    );
    expect(median).toBeLessThan(150);
  });
});
