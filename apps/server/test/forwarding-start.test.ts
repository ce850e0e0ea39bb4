/**
 * A server with no EventBridge target says so in one line at start and keeps accepted events in the outbox,
 * which the outbox gauges show.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/serve.ts';

describe('a server without an EventBridge target', () => {
  let dir: string;
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-no-target-'));
    // nothing the AWS SDK's region chain could find: no variable, no config file
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
    server = await startServer({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: '',
        SCHEMAGATE_DATA: join(dir, 'data'),
        SCHEMAGATE_SEED: 'false',
        SCHEMAGATE_AUTH: 'off',
        SCHEMAGATE_EVENTBRIDGE_ENDPOINT: '',
      },
      log: { info: (line) => lines.push(line), error: (line) => lines.push(`error: ${line}`) },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says at start that accepted events wait, and the gauges count them', async () => {
    const said = lines.filter((line) => /EventBridge/.test(line));
    expect(said).toEqual([
      'no EventBridge target configured (no AWS region (AWS_REGION or a profile region) and no SCHEMAGATE_EVENTBRIDGE_ENDPOINT): accepted events wait in the outbox until a server with one starts',
    ]);
    const register = await fetch(`${server.url}/v1/registries/r/schemas/thing/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: { type: 'object' } }),
    });
    expect(register.status).toBe(201);
    for (const n of [1, 2]) {
      const sent = await fetch(`${server.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ registry: 'r', schema: 'thing', event: { n } }),
      });
      expect(sent.status).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^schemagate_outbox_pending 2$/m);
    const age = Number(/^schemagate_outbox_oldest_age_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(age).toBeGreaterThanOrEqual(1);
    expect(age).toBeLessThan(30);
    expect(metrics).toMatch(/^schemagate_forwarded_events_total 0$/m);
    expect(metrics).toMatch(/^schemagate_forward_failed_entries_total 0$/m);
  });
});
