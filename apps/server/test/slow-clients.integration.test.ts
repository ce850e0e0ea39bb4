/**
 * Slow and idle clients over real sockets: headers sent a byte a second, a body sent a byte a second, and an idle
 * kept-alive connection are each cut off at their limit, and 300 slow sockets at once do not keep the server from
 * answering others.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTimeouts } from '../src/client-timeouts.ts';
import { parseConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/serve.ts';

const HEADERS_MS = 2000;
const REQUEST_MS = 3000;
const KEEP_ALIVE_MS = 1000;
/** Node checks the headers and request limits once a second: a cut may come that much later. */
const CHECK_SLACK_MS = 1500;

interface Cut {
  /** From the first byte written to the server closing the socket. */
  afterMs: number;
  received: string;
}

/**
 * Writes `head` at once, then `trickle` one byte every `everyMs`, until the server closes the socket (or
 * `giveUpMs` passes: then `afterMs` is Infinity).
 */
function trickle(port: number, head: string, trickleText: string, everyMs = 1000, giveUpMs = 15_000) {
  return new Promise<Cut>((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    const done = (afterMs: number) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ afterMs, received });
    };
    const giveUp = setTimeout(() => done(Number.POSITIVE_INFINITY), giveUpMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => done(performance.now() - started));
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write(trickleText[sent % trickleText.length]!);
        sent++;
      }, everyMs);
    });
  });
}

describe('slow and idle clients', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-slow-'));
    server = await startServer({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: '',
        SCHEMAGATE_DATA: join(dir, 'data'),
        SCHEMAGATE_SEED: 'false',
        SCHEMAGATE_LOG: 'silent',
        // the body has to be read for its limit to matter: with a key, the route would refuse it before that
        SCHEMAGATE_AUTH: 'off',
        SCHEMAGATE_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
        SCHEMAGATE_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
        SCHEMAGATE_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const healthz = async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/healthz`, {
      headers: { connection: 'close' },
      signal: AbortSignal.timeout(5000),
    });
    await res.text();
    return { status: res.status, ms: performance.now() - started };
  };

  it('has documented defaults, and refuses a headers limit longer than the request limit', () => {
    expect(clientTimeouts(parseConfig({}))).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5000,
      connectionsCheckingInterval: 1000,
    });
    expect(() =>
      parseConfig({ SCHEMAGATE_HEADERS_TIMEOUT_MS: '40000', SCHEMAGATE_REQUEST_TIMEOUT_MS: '30000' }),
    ).toThrow(/SCHEMAGATE_HEADERS_TIMEOUT_MS/);
    expect(() => parseConfig({ SCHEMAGATE_KEEP_ALIVE_TIMEOUT_MS: 'soon' })).toThrow(
      /SCHEMAGATE_KEEP_ALIVE_TIMEOUT_MS/,
    );
  });

  it('cuts off headers sent a byte a second', async () => {
    const cut = await trickle(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'abcdefgh');
    expect(cut.afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 100);
    expect(cut.afterMs).toBeLessThan(HEADERS_MS + CHECK_SLACK_MS);
    expect(cut.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a body sent a byte a second', async () => {
    const body = JSON.stringify({ registry: 'r', schema: 's', event: { padding: 'x'.repeat(100) } });
    const head =
      'POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const cut = await trickle(server.port, head, body);
    expect(cut.afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 100);
    expect(cut.afterMs).toBeLessThan(REQUEST_MS + CHECK_SLACK_MS);
    expect(cut.received).toMatch(/^HTTP\/1\.1 408/);
    // the handler that was reading the body is gone, and the server is fine
    expect((await healthz()).status).toBe(200);
  });

  it('closes a kept-alive connection left idle', async () => {
    const closed = await new Promise<{ afterIdleMs: number; answer: string }>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let answer = '';
      let answeredAt = 0;
      socket.setEncoding('latin1');
      socket.on('error', reject);
      socket.on('data', (chunk: string) => {
        answer += chunk;
        if (!answeredAt && answer.includes('\r\n\r\n')) answeredAt = performance.now();
      });
      socket.on('close', () => resolve({ afterIdleMs: performance.now() - answeredAt, answer }));
      socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      setTimeout(() => {
        socket.destroy();
        reject(new Error('the idle connection was not closed within 10 s'));
      }, 10_000);
    });
    expect(closed.answer).toMatch(/^HTTP\/1\.1 200/);
    expect(closed.answer.toLowerCase()).toContain(`keep-alive: timeout=${KEEP_ALIVE_MS / 1000}`);
    // Node advertises the limit and closes the socket a second after it, so that a client that sends its next
    // request right at the limit does not have it cut
    expect(closed.afterIdleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 100);
    expect(closed.afterIdleMs).toBeLessThan(KEEP_ALIVE_MS + 1000 + 500);
  });

  it('answers others while 300 slow clients hold sockets, and cuts them all off', async () => {
    const slow = Array.from({ length: 300 }, (_, i) =>
      trickle(server.port, `GET /healthz?c=${i} HTTP/1.1\r\nHost: x\r\nX-Slow: `, 'abcdefgh'),
    );
    const probes: { status: number; ms: number }[] = [];
    const until = performance.now() + HEADERS_MS + 500;
    while (performance.now() < until) {
      probes.push(await healthz());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cuts = await Promise.all(slow);
    expect(probes.length).toBeGreaterThan(5);
    for (const probe of probes) {
      expect(probe.status).toBe(200);
      expect(probe.ms).toBeLessThan(250);
    }
    for (const cut of cuts) expect(cut.afterMs).toBeLessThan(HEADERS_MS + CHECK_SLACK_MS + 1000);
    console.info(
      `300 slow sockets: slowest probe ${Math.round(Math.max(...probes.map((p) => p.ms)))} ms over ${probes.length}, ` +
        `last socket cut after ${Math.round(Math.max(...cuts.map((c) => c.afterMs)))} ms`,
    );
  }, 30_000);
});
