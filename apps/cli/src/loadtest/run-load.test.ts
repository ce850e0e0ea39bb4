import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadEvent } from './load-events.ts';
import { runLoad } from './run-load.ts';

const events: LoadEvent[] = [{ file: 'a.json', body: Buffer.from('{"event":{"n":1}}') }];

/** A server answering through `answer`, remembering when each request arrived and what it carried. */
async function startServer(answer: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const arrivals: { at: number; path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      arrivals.push({ at: performance.now(), path: req.url ?? '', headers: req.headers, body });
      answer(req, res, arrivals.length);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, arrivals, server };
}

describe('runLoad', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  it('sends at the planned times without waiting for answers, and nothing during an idle gap', async () => {
    const slow = await startServer((_req, res) => setTimeout(() => res.end('{}'), 300));
    server = slow.server;
    const started = performance.now();
    const report = await runLoad({
      url: slow.url,
      key: 'sg_test',
      endpoint: 'validate',
      events,
      connections: 50,
      phases: [
        { kind: 'burst', seconds: 0.5, rate: 40 },
        { kind: 'idle', seconds: 1, rate: 0 },
        { kind: 'burst', seconds: 0.5, rate: 40 },
      ],
    });
    expect(report.phases.map((p) => [p.kind, p.requests, p.ok])).toEqual([
      ['burst', 20, 20],
      ['idle', 0, 0],
      ['burst', 20, 20],
    ]);
    // answers take 300 ms, so a closed loop over 50 connections would have been no slower; the arrival times
    // show the plan: the first burst's 20 within its half second, none in the second of quiet, the second's after it
    const offsets = slow.arrivals.map((a) => a.at - started);
    // (200 ms of slack for a busy machine)
    expect(offsets.filter((t) => t < 700)).toHaveLength(20);
    expect(offsets.filter((t) => t >= 700 && t < 1500)).toHaveLength(0);
    expect(offsets.filter((t) => t >= 1500)).toHaveLength(20);
    expect(report.phases[0]!.p50Ms).toBeGreaterThanOrEqual(290);
    const first = slow.arrivals[0]!;
    expect(first.path).toBe('/v1/validate');
    expect(first.headers.authorization).toBe('Bearer sg_test');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body).toBe('{"event":{"n":1}}');
    expect(first.headers['idempotency-key']).toBeUndefined();
  });

  it('keeps sending on plan with too few connections: the wait for one counts as latency', async () => {
    const slow = await startServer((_req, res) => setTimeout(() => res.end('{}'), 100));
    server = slow.server;
    const report = await runLoad({
      url: slow.url,
      endpoint: 'validate',
      events,
      connections: 1,
      phases: [{ kind: 'steady', seconds: 0.5, rate: 20 }],
    });
    expect(report.phases[0]).toMatchObject({ requests: 10, ok: 10, errors: 0 });
    // ten answers of 100 ms through one connection: the last waited for nine before it
    expect(report.phases[0]!.p99Ms).toBeGreaterThanOrEqual(500);
    expect(report.total.seconds).toBeGreaterThanOrEqual(1);
  });

  it('counts 429 and 503 as throttled, other answers and lost requests as errors, and times out', async () => {
    const mixed = await startServer((req, res, n) => {
      if (n % 5 === 1) return res.writeHead(429, { 'retry-after': '1' }).end();
      if (n % 5 === 2) return res.writeHead(503).end();
      if (n % 5 === 3) return res.writeHead(500).end();
      if (n % 5 === 4) return req.socket.destroy();
      if (n <= 5) return; // never answered: the client's time limit ends it
      res.writeHead(202).end();
    });
    server = mixed.server;
    const report = await runLoad({
      url: mixed.url,
      endpoint: 'events',
      events,
      connections: 20,
      timeoutMs: 400,
      phases: [{ kind: 'steady', seconds: 0.5, rate: 20 }],
    });
    expect(report.total).toMatchObject({
      requests: 10,
      ok: 1,
      throttled: 4,
      // two 500s, two lost connections, one timed out
      errors: 5,
      statuses: { 202: 1, 429: 2, 500: 2, 503: 2 },
      failures: { ECONNRESET: 2, timeout: 1 },
    });
    expect(mixed.arrivals[0]!.path).toBe('/v1/events');
    const keys = new Set(mixed.arrivals.map((a) => a.headers['idempotency-key']));
    expect(keys.size).toBe(10);
    expect([...keys].every((k) => /^"[0-9a-f-]{36}"$/.test(String(k)))).toBe(true);
  });
});
