import { createIdempotencyStore, idempotency } from '@schemagate/idempotency';
import { Hono } from 'hono';

/** What the fake gate does with the next call, before (or instead of) answering as the gate would. */
export type Fault =
  /** Answers this status as a problem, with `Retry-After` when given, and stores nothing. */
  | { status: number; code: string; retryAfter?: string }
  /** Processes the call, then the client never hears back (a connection cut after the server committed). */
  | { loseAnswer: true }
  /** The connection is refused before the gate sees the call. */
  | { refuse: true }
  /** Holds the call until `release` is called (the client's timeout ends its wait first). */
  | { hold: true };

interface GateEvent {
  id?: string;
  detail?: { amount?: number };
}

/**
 * A stand-in for the server's gate with the documented shapes of `POST /v1/events` (202 `AcceptedEvent`, 422
 * `event_invalid` with `errors` and `deadLetterId`) and `POST /v1/events/batch` (`{failedCount, results}`), behind
 * the real idempotency middleware on a memory store. An event is invalid when its `detail.amount` is negative.
 */
export function createFakeGate() {
  const store = createIdempotencyStore({ retryAfterSeconds: 1 });
  const faults: Fault[] = [];
  /** Every call that reached the gate: its path, Idempotency-Key header and body. */
  const calls: Array<{ path: string; key: string | undefined; body: unknown }> = [];
  /** Events stored in the outbox, by key; a key stored twice would be a duplicate. */
  const stored = new Map<string, number>();
  const deadLetters: unknown[] = [];
  let nextId = 0;
  let releaseHeld: (() => void) | undefined;
  /** While set, `POST /v1/events` waits for it before it judges the event: a request in flight. */
  let holding: Promise<void> | undefined;

  function judge(event: GateEvent, key: string | undefined) {
    if (typeof event.detail?.amount === 'number' && event.detail.amount < 0) {
      deadLetters.push(event);
      return {
        valid: false as const,
        errors: [{ path: '/detail/amount', keyword: 'minimum', message: 'must be >= 0', schemaPath: '#/x' }],
        deadLetterId: `dl-${deadLetters.length}`,
      };
    }
    if (key !== undefined) stored.set(key, (stored.get(key) ?? 0) + 1);
    return { valid: true as const, id: `ob-${++nextId}` };
  }
  const target = { registry: 'shop', schema: 'shop@OrderPlaced', version: 1 };

  const app = new Hono();
  app.use('/v1/*', async (c, next) => {
    calls.push({
      path: c.req.path,
      key: c.req.header('idempotency-key'),
      body: await c.req.json(),
    });
    await next();
  });
  app.use('/v1/events', idempotency({ store, required: true }));
  app.post('/v1/events', async (c) => {
    const { event } = (await c.req.json()) as { event: GateEvent };
    if (holding) await holding;
    const verdict = judge(event, c.get('idempotency')?.key);
    if (!verdict.valid) {
      return c.json(
        {
          type: 'https://schemagate.dev/problems/event-invalid',
          title: 'The event breaks its schema',
          status: 422,
          code: 'event_invalid',
          errors: verdict.errors,
          ...target,
          deadLetterId: verdict.deadLetterId,
        },
        422,
        { 'content-type': 'application/problem+json' },
      );
    }
    return c.json({ id: verdict.id, status: 'accepted', ...target }, 202);
  });
  app.post('/v1/events/batch', async (c) => {
    const { events } = (await c.req.json()) as {
      events: Array<{ event: GateEvent; idempotencyKey?: string }>;
    };
    const results = [];
    for (const entry of events) {
      const key = entry.idempotencyKey;
      const fingerprint = JSON.stringify(entry.event);
      const begun = key
        ? await store.begin({ scope: 'batch', key, fingerprint, ttlSeconds: 3600 })
        : undefined;
      if (begun?.state === 'replay') {
        results.push({ ...JSON.parse(begun.response.body), replayed: true });
        continue;
      }
      if (begun?.state === 'in_flight' || begun?.state === 'mismatch') {
        const inFlight = begun.state === 'in_flight';
        results.push({
          status: 'refused',
          httpStatus: inFlight ? 409 : 422,
          code: inFlight ? 'idempotency_key_in_flight' : 'idempotency_key_reused',
          registry: null,
          schema: null,
          version: null,
        });
        continue;
      }
      const verdict = judge(entry.event, key);
      const result = verdict.valid
        ? { status: 'accepted', httpStatus: 202, id: verdict.id, ...target }
        : {
            status: 'invalid',
            httpStatus: 422,
            errors: verdict.errors,
            deadLetterId: verdict.deadLetterId,
            ...target,
          };
      if (begun?.state === 'acquired') {
        await store.complete(begun.lease, { status: 200, headers: {}, body: JSON.stringify(result) });
      }
      results.push(result);
    }
    return c.json({ failedCount: results.filter((r) => r.status !== 'accepted').length, results });
  });

  /** The gate as `fetch`, with the queued faults applied call by call. */
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const fault = faults.shift();
    if (fault && 'refuse' in fault) throw new TypeError('fetch failed: connect ECONNREFUSED');
    if (fault && 'status' in fault) {
      calls.push({
        path: new URL(request.url).pathname,
        key: request.headers.get('idempotency-key') ?? undefined,
        body: await request.clone().json(),
      });
      return new Response(
        JSON.stringify({ type: 'about:blank', title: fault.code, status: fault.status, code: fault.code }),
        {
          status: fault.status,
          headers: {
            'content-type': 'application/problem+json',
            ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
          },
        },
      );
    }
    if (fault && 'hold' in fault) {
      holding = new Promise<void>((resolve) => {
        releaseHeld = () => {
          holding = undefined;
          resolve();
        };
      });
    }
    // as a real fetch does, the caller's signal (its timeout) ends the wait, not the server's work
    const signal = init?.signal;
    const response = await Promise.race([
      app.fetch(request),
      new Promise<never>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
    if (fault && 'loseAnswer' in fault) throw new TypeError('fetch failed: other side closed');
    return response;
  };

  return { fetch, store, faults, calls, stored, deadLetters, release: () => releaseHeld?.() };
}
