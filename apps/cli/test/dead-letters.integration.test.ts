/**
 * `schemagate dead-letters list|replay` against a real server: what the gate kept aside, listed by filter, and
 * replayed through validation once the schema lets the events through.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServer } from '@schemagate/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(cli, 'src/main.ts');
/** The CLI from its sources, as `pnpm dev` runs it: the test needs no build. */
const tsxArgs = ['--conditions=@schemagate/source', '--import', 'tsx'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// asynchronous: the server answers from this process's event loop
function run(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...tsxArgs, main, ...args],
      { cwd: cli, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const order = (total: number) => ({
  source: 'com.cli.orders',
  'detail-type': 'OrderPlaced',
  detail: { total },
});
const schemaWithMinimum = (minimum: number) => ({
  type: 'object',
  required: ['detail'],
  properties: {
    detail: { type: 'object', required: ['total'], properties: { total: { type: 'number', minimum } } },
  },
});

describe('schemagate dead-letters', () => {
  let dir: string;
  let server: RunningServer;
  let key: string;
  let auth: string[];
  const api = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  let stillInvalidId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-dead-letters-'));
    server = await startServer({
      env: {
        PORT: '0',
        SCHEMAGATE_DATA: join(dir, 'data'),
        SCHEMAGATE_SEED: 'false',
        DATABASE_URL: '',
        SCHEMAGATE_LOG: 'silent',
        SCHEMAGATE_SHED_LAG_MS: '0',
      },
    });
    key = (await readFile(server.adminKeyFile, 'utf8')).trim();
    auth = ['--url', server.url, '--key', key];
    for (const registry of ['a', 'b']) {
      await api('PUT', `/v1/registries/${registry}`, {});
      const res = await api('POST', `/v1/registries/${registry}/schemas/orders/versions`, {
        schema: schemaWithMinimum(0),
      });
      expect(res.status).toBe(201);
    }
    for (const [registry, total] of [
      ['a', -1],
      ['a', -2],
      ['b', -50],
    ] as const) {
      const res = await api('POST', '/v1/events', { event: order(total), registry, schema: 'orders' });
      expect(res.status).toBe(422);
      if (registry === 'b') stillInvalidId = ((await res.json()) as { deadLetterId: string }).deadLetterId;
    }
  }, 90_000);

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('documents its subcommands and filters', async () => {
    const help = await run(['dead-letters', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/list/);
    expect(help.stdout).toMatch(/replay/);
    const list = await run(['dead-letters', 'list', '--help']);
    for (const flag of ['--registry', '--schema', '--reason', '--id', '--format', '--url', '--key']) {
      expect(list.stdout).toContain(flag);
    }
    const bad = await run(['dead-letters', 'list', '--reason', 'lost', ...auth]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('invalid, forward_failed');
  });

  it('lists by filter, as text or JSON', async () => {
    const json = await run(['dead-letters', 'list', '--registry', 'a', '--format', 'json', ...auth]);
    expect(json.code).toBe(0);
    const { items } = JSON.parse(json.stdout) as {
      items: { registry: string; event: unknown; reason: string }[];
    };
    expect(items.map((i) => i.event)).toEqual([order(-1), order(-2)]);
    expect(items.every((i) => i.registry === 'a' && i.reason === 'invalid')).toBe(true);
    const text = await run(['dead-letters', 'list', ...auth]);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(3);
    expect(text.stdout).toContain(stillInvalidId);
    expect(text.stdout).toContain('b/orders v1');
    const none = await run(['dead-letters', 'list', '--reason', 'forward_failed', ...auth]);
    expect(none.stdout).toBe('no dead letters\n');
    // a terminal it is not: no progress line in the output
    expect(none.stderr).toBe('');
  });

  it('replays what the latest version lets through, and says what still fails', async () => {
    for (const registry of ['a', 'b']) {
      const res = await api('POST', `/v1/registries/${registry}/schemas/orders/versions`, {
        schema: schemaWithMinimum(-10),
      });
      expect(res.status).toBe(201);
    }
    const bulk = await run(['dead-letters', 'replay', '--registry', 'a', '--format', 'json', ...auth]);
    expect(bulk.code).toBe(0);
    expect(JSON.parse(bulk.stdout)).toEqual({ replayed: 2, stillInvalid: 0 });
    const one = await run(['dead-letters', 'replay', '--id', stillInvalidId, ...auth]);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain(`still invalid ${stillInvalidId}`);
    expect(one.stdout).toContain('/detail/total');
    const left = await run(['dead-letters', 'list', '--format', 'json', ...auth]);
    expect((JSON.parse(left.stdout) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
      stillInvalidId,
    ]);
  });
});
