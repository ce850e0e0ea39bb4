/**
 * The hot routes over a real socket, where bodies arrive with a Content-Length or chunked and headers are read
 * from Node's raw list: what `app.request()` in the other tests does not go through.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/serve.ts';
import { goodOrder, orderPlacedV1 } from './fixtures.ts';

const MAX_BODY = 4096;

interface Answer {
  status: number;
  body: string;
}

describe('the hot routes over HTTP', () => {
  let server: RunningServer;
  let dir: string;
  let key: string;

  /** One request; `chunks` are written one by one without a Content-Length, so Node sends them chunked. */
  const send = (
    method: string,
    path: string,
    options: { body?: string; chunks?: string[]; headers?: Record<string, string> } = {},
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...options.headers,
      };
      if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
      const req = request(new URL(path, server.url), { method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      if (options.body !== undefined) req.end(options.body);
      else {
        for (const chunk of options.chunks ?? []) req.write(chunk);
        req.end();
      }
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemagate-http-'));
    server = await startServer({
      env: {
        PORT: '0',
        DATABASE_URL: '',
        SCHEMAGATE_DATA: join(dir, 'data'),
        SCHEMAGATE_SEED: 'false',
        SCHEMAGATE_LOG: 'silent',
        SCHEMAGATE_MAX_BODY_BYTES: String(MAX_BODY),
      },
    });
    key = (await readFile(server.adminKeyFile, 'utf8')).trim();
    const registered = await send('POST', '/v1/registries/shop/schemas/orders/versions', {
      body: JSON.stringify({ schema: orderPlacedV1 }),
    });
    expect(registered.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const event = JSON.stringify({ event: goodOrder });

  it('validates a body sent with a Content-Length, and one sent chunked', async () => {
    const whole = await send('POST', '/v1/validate', { body: event });
    expect(whole.status).toBe(200);
    expect(JSON.parse(whole.body)).toMatchObject({
      valid: true,
      registry: 'shop',
      schema: 'orders',
      version: 1,
    });
    const chunked = await send('POST', '/v1/validate', { chunks: [event.slice(0, 10), event.slice(10)] });
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body)).toMatchObject({ valid: true, schema: 'orders' });
  });

  it('refuses a body over the limit, by its Content-Length or as the chunks arrive', async () => {
    const big = JSON.stringify({ event: { ...goodOrder, padding: 'x'.repeat(MAX_BODY) } });
    const declared = await send('POST', '/v1/validate', { body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ code: 'payload_too_large' });
    const chunked = await send('POST', '/v1/validate', { chunks: [big.slice(0, 3000), big.slice(3000)] });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses a missing key, a wrong key and a body not declared as JSON on the hot routes', async () => {
    const routes: Array<[string, string, string | undefined]> = [
      ['POST', '/v1/validate', event],
      ['POST', '/v1/validate/batch', JSON.stringify({ events: [goodOrder] })],
      ['GET', '/v1/registries/shop/schemas/orders/versions/latest', undefined],
    ];
    for (const [method, path, body] of routes) {
      const anonymous = await send(method, path, { body, headers: { authorization: '' } });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const wrong = await send(method, path, { body, headers: { authorization: `Bearer ${key}x` } });
      expect(wrong.status, `${method} ${path}`).toBe(401);
      const right = await send(method, path, { body });
      expect(right.status, `${method} ${path}`).toBe(200);
    }
    const text = await send('POST', '/v1/validate', {
      body: event,
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('answers a read with an ETag and 304 when it still matches', async () => {
    const path = '/v1/registries/shop/schemas/orders/versions/1';
    const first = await new Promise<{ status: number; etag?: string }>((resolve, reject) => {
      request(new URL(path, server.url), { headers: { authorization: `Bearer ${key}` } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, etag: res.headers.etag });
      })
        .on('error', reject)
        .end();
    });
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const again = await send('GET', path, { headers: { 'if-none-match': first.etag! } });
    expect(again.status).toBe(304);
  });

  it('counts every answer by route and status, errors and unknown paths too', async () => {
    await send('GET', '/v1/nothing-here');
    const metrics = await send('GET', '/metrics');
    expect(metrics.status).toBe(200);
    const count = (labels: string) => {
      const line = metrics.body
        .split('\n')
        .find((l) => l.startsWith(`schemagate_http_requests_total{${labels}}`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    expect(count('method="POST",route="/v1/validate",status="200"')).toBeGreaterThanOrEqual(3);
    expect(count('method="POST",route="/v1/validate",status="413"')).toBe(2);
    expect(count('method="POST",route="/v1/validate",status="401"')).toBe(2);
    expect(count('method="POST",route="/v1/validate",status="415"')).toBe(1);
    expect(
      count('method="GET",route="/v1/registries/:registry/schemas/:name/versions/:version",status="304"'),
    ).toBe(1);
    expect(count('method="POST",route="/v1/registries/:registry/schemas/:name/versions",status="201"')).toBe(
      1,
    );
    expect(count('method="GET",route="unmatched",status="404"')).toBe(1);
    expect(metrics.body).toMatch(
      /schemagate_http_request_duration_seconds_count\{method="POST",route="\/v1\/validate"\} \d+/,
    );
    expect(metrics.body).toMatch(
      /schemagate_validations_total\{registry="shop",schema="orders",result="valid"\} [3-9]/,
    );
  });
});
