/**
 * Storage faults are answered 503 `storage_unavailable` with Retry-After, whichever driver raised them, and
 * never with the fault's internals. (The outage of a real Postgres is in postgres-outage.integration.test.ts.)
 */
import { isStorageUnavailable, StorageTimeoutError, storageFaultReason } from '@schemagate/db';
import { eachDatabase } from '@schemagate/db/testing';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../src/errors.ts';
import { orderPlacedV1 } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

/** What postgres.js, Node and drizzle throw while Postgres is down, shutting down or starting up. */
const faults: [string, Error][] = [
  ['connection refused', withCode('connect ECONNREFUSED 10.1.2.3:5432', 'ECONNREFUSED')],
  ['connection timed out', withCode('write CONNECT_TIMEOUT 10.1.2.3:5432', 'CONNECT_TIMEOUT')],
  ['connection closed', withCode('write CONNECTION_CLOSED 10.1.2.3:5432', 'CONNECTION_CLOSED')],
  ['the database is shutting down', withCode('terminating connection due to administrator command', '57P01')],
  ['the database is starting up or shutting down', withCode('the database system is starting up', '57P03')],
  ['a statement timed out', withCode('canceling statement due to statement timeout', '57014')],
  ['too many connections', withCode('sorry, too many clients already', '53300')],
  ['SQLSTATE 08006', withCode('connection failure', '08006')],
  ['no answer in time', new StorageTimeoutError('storage', 2000)],
  [
    'connection refused',
    // drizzle wraps the driver's error; Node's happy-eyeballs connect gathers several
    new Error('Failed query: select 1', {
      cause: new AggregateError(
        [withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')],
        'connect failed',
      ),
    }),
  ],
];

describe('storage faults', () => {
  it.each(faults)('are recognised and named: %s', (reason, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
    expect(storageFaultReason(error)).toBe(reason);
  });

  it('leave other errors alone', () => {
    expect(isStorageUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isStorageUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(
      false,
    );
    expect(isStorageUnavailable(withCode('invalid input syntax', '22P02'))).toBe(false);
    expect(isStorageUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('are answered 503 storage_unavailable with Retry-After, without hosts or queries', async () => {
    const app = new Hono();
    const logged: unknown[] = [];
    app.onError(createErrorHandler((_message, error) => logged.push(error)));
    app.get('/fault', () => {
      throw new Error('Failed query: select secret from t', { cause: faults[0]![1] });
    });
    const res = await app.request('/fault');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('storage_unavailable');
    expect(body.detail).toContain('connection refused');
    expect(body.detail).not.toMatch(/10\.1\.2\.3|secret|select/);
    expect(logged).toEqual([]);
  });
});

describe('embedded storage closed under the server', () => {
  const pglite = eachDatabase().find((database) => database.name === 'pglite')!;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await pglite.create());
    expect(
      (await t.call('POST', '/v1/registries/r/schemas/orders/versions', { json: { schema: orderPlacedV1 } }))
        .status,
    ).toBe(201);
    await t.close();
  });

  it('answers writes, uncached reads and /readyz 503 storage_unavailable', async () => {
    const answers = [
      await t.call('POST', '/v1/registries/r/schemas/other/versions', {
        json: { schema: { type: 'string' } },
      }),
      await t.call('GET', '/v1/registries/r/schemas/orders/versions'),
      await t.call('GET', '/readyz', { key: null }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(((await res.json()) as { code: string }).code).toBe('storage_unavailable');
    }
  });
});
