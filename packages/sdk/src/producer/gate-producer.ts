import { fingerprint, fullJitterDelay } from '@schemagate/core';
import { formatIdempotencyKey } from '@schemagate/idempotency/consumer';
import { parseRetryAfter } from '../client/retry-policy.ts';
import { problemOf, readBody, realSleep } from '../client/transport.ts';
import type { ValidationIssue, ValidationTarget } from '../validator/event-validator.ts';

/** What happened to one event sent through the gate; results come back in input order. */
export type GatePublishResult =
  /** Stored durably by the gate (202), to be forwarded to EventBridge; `replayed` when an earlier send had stored it. */
  | {
      status: 'accepted';
      id: string;
      registry: string;
      schema: string;
      version: number;
      idempotencyKey: string;
      replayed: boolean;
      attempts: number;
    }
  /** Refused by the gate for breaking its schema (422 `event_invalid`); kept at `deadLetterId` unless discarded. */
  | {
      status: 'invalid';
      errors: ValidationIssue[];
      deadLetterId?: string;
      registry: string | null;
      schema: string | null;
      version: number | null;
      idempotencyKey: string;
      attempts: number;
    }
  /** Refused for another reason (no schema, a key reused...), or the retries ran out; `httpStatus` 0: no answer. */
  | {
      status: 'failed';
      errorCode: string;
      errorMessage: string;
      httpStatus: number;
      idempotencyKey: string;
      attempts: number;
    };

/** Options for {@link createGateProducer}, or for `createProducer({ via: 'gate', ... })`. */
export interface GateProducerOptions {
  via?: 'gate';
  /** The schemagate server, e.g. `https://schemagate.internal`. */
  url: string;
  /** An API key with the `validate` scope. */
  key?: string;
  /**
   * The idempotency key of an event; it is sent with every attempt of that event, so a retry after a lost answer
   * is stored once. Default {@link defaultIdempotencyKey}: the event's `id`, else a digest of its content.
   */
  idempotencyKey?: (event: unknown) => string;
  /** Events per `POST /v1/events/batch`; 1 sends each alone to `POST /v1/events`. Default 100. */
  maxBatchEntries?: number;
  /** Bytes of events per batch call, counted as JSON text. Default 1 MiB. */
  maxBatchBytes?: number;
  /** Batch calls in flight at once. Default 4. */
  concurrency?: number;
  /** Attempts per event, the first send included. Default 5. */
  maxAttempts?: number;
  /** Backoff between attempts, exponential with full jitter, when the gate sends no `Retry-After`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `Retry-After` above this ends the retries instead of waiting so long. Default 30 s. */
  maxRetryAfterMs?: number;
  /** One call's time limit. Default 10 s. */
  timeoutMs?: number;
  /** Injectable for tests. */
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Publishes events through the schemagate gate, which validates, dead-letters and forwards them. */
export interface GateProducer {
  publish(events: readonly unknown[], target?: ValidationTarget): Promise<GatePublishResult[]>;
}

/** Answers worth another attempt with the same key: in flight elsewhere, throttled, unavailable, a proxy's 502/504. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([409, 429, 502, 503, 504]);

const printableKey = /^[\x20-\x7e]{1,255}$/;

/**
 * The event's `id` (EventBridge and CloudEvents carry one) when it is a printable key of at most 255 characters,
 * else `sha256-` and the digest of its canonical JSON, so that the same content gets the same key in any key order.
 */
export function defaultIdempotencyKey(event: unknown): string {
  const id = (event as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && printableKey.test(id)) return id;
  return `sha256-${fingerprint(event)}`;
}

interface Entry {
  index: number;
  event: unknown;
  key: string;
  bytes: number;
  attempts: number;
}

/** One attempt's answer for one entry: final, or to retry after `retryAfterMs` (undefined: backoff decides). */
type Outcome =
  | { final: GatePublishResult }
  | { retry: { errorCode: string; errorMessage: string; httpStatus: number }; retryAfterMs?: number };

interface BodyOf {
  code?: string;
  detail?: string;
  title?: string;
  errors?: ValidationIssue[];
  deadLetterId?: string;
  registry?: string | null;
  schema?: string | null;
  version?: number | null;
  id?: string;
}

interface BatchResult extends BodyOf {
  status: 'accepted' | 'invalid' | 'refused';
  httpStatus: number;
  replayed?: true;
}

/**
 * A producer that sends events through the gate instead of straight to EventBridge, for services that would rather
 * not embed validation: the gate validates, keeps invalid events as dead letters and forwards the rest from its
 * outbox. Each event carries an `Idempotency-Key` (its `id`, a content digest, or `idempotencyKey(event)`) that
 * stays the same across retries, so an event whose 202 was lost is stored once. 409 (in flight), 429, 503 and
 * network errors are retried with exponential backoff and full jitter, waiting at least what `Retry-After` asks;
 * a 422 is final and reports the errors and the dead letter's id.
 *
 * @example
 * const producer = createGateProducer({ url: 'https://schemagate.internal', key: process.env.SCHEMAGATE_KEY });
 * const [result] = await producer.publish([orderPlaced]);
 * if (result.status === 'invalid') console.error(result.errors, result.deadLetterId);
 */
export function createGateProducer(options: GateProducerOptions): GateProducer {
  const base = options.url.replace(/\/+$/, '');
  const keyOf = options.idempotencyKey ?? defaultIdempotencyKey;
  const maxBatchEntries = Math.max(1, options.maxBatchEntries ?? 100);
  const maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    random: options.random ?? Math.random,
  };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;

  async function post(path: string, body: unknown, headers: Record<string, string>) {
    const response = await fetchImpl(base + path, {
      method: 'POST',
      headers: {
        accept: 'application/json, application/problem+json',
        'content-type': 'application/json',
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { response, body: (await readBody(response)) as BodyOf | undefined };
  }

  /** No answer at all: worth a retry with the same key, since the gate may or may not have stored the event. */
  function unanswered(error: unknown): Outcome {
    const timedOut = (error as { name?: string }).name === 'TimeoutError';
    return {
      retry: {
        errorCode: timedOut ? 'timeout' : 'network_error',
        errorMessage: error instanceof Error ? error.message : String(error),
        httpStatus: 0,
      },
    };
  }

  /** A refusal of the whole call: retried when its status says so, else final for each of its entries. */
  function refusal(response: Response, body: BodyOf | undefined, entry: Entry): Outcome {
    const problem = problemOf(response.status, response.statusText, body);
    const failure = {
      errorCode: problem.code,
      errorMessage: problem.detail ?? problem.title,
      httpStatus: response.status,
    };
    if (!RETRYABLE_STATUSES.has(response.status)) return { final: failed(entry, failure) };
    const asked = parseRetryAfter(response.headers.get('retry-after'), now());
    return { retry: failure, ...(asked !== undefined ? { retryAfterMs: asked } : {}) };
  }

  const failed = (
    entry: Entry,
    failure: { errorCode: string; errorMessage: string; httpStatus: number },
  ): GatePublishResult => ({
    status: 'failed',
    ...failure,
    idempotencyKey: entry.key,
    attempts: entry.attempts,
  });

  function invalid(entry: Entry, body: BodyOf): GatePublishResult {
    return {
      status: 'invalid',
      errors: body.errors ?? [],
      ...(body.deadLetterId ? { deadLetterId: body.deadLetterId } : {}),
      registry: body.registry ?? null,
      schema: body.schema ?? null,
      version: body.version ?? null,
      idempotencyKey: entry.key,
      attempts: entry.attempts,
    };
  }

  function accepted(entry: Entry, body: BodyOf, replayed: boolean): GatePublishResult {
    return {
      status: 'accepted',
      id: String(body.id),
      registry: String(body.registry),
      schema: String(body.schema),
      version: Number(body.version),
      idempotencyKey: entry.key,
      replayed,
      attempts: entry.attempts,
    };
  }

  async function sendOne(entry: Entry, target: ValidationTarget): Promise<Outcome[]> {
    let answer: Awaited<ReturnType<typeof post>>;
    try {
      answer = await post(
        '/v1/events',
        { event: entry.event, ...target },
        {
          'idempotency-key': formatIdempotencyKey(entry.key),
        },
      );
    } catch (error) {
      return [unanswered(error)];
    }
    const { response, body } = answer;
    if (response.status === 202 && body) {
      return [{ final: accepted(entry, body, response.headers.get('idempotency-replayed') === 'true') }];
    }
    if (response.status === 422 && body?.code === 'event_invalid') return [{ final: invalid(entry, body) }];
    return [refusal(response, body, entry)];
  }

  async function sendBatch(entries: Entry[], target: ValidationTarget): Promise<Outcome[]> {
    let answer: Awaited<ReturnType<typeof post>>;
    try {
      answer = await post(
        '/v1/events/batch',
        { events: entries.map((entry) => ({ event: entry.event, idempotencyKey: entry.key, ...target })) },
        {},
      );
    } catch (error) {
      return entries.map(() => unanswered(error));
    }
    const { response, body } = answer;
    const results = (body as { results?: BatchResult[] } | undefined)?.results;
    if (response.status !== 200 || !Array.isArray(results) || results.length !== entries.length) {
      return entries.map((entry) => refusal(response, body, entry));
    }
    return entries.map((entry, n): Outcome => {
      const result = results[n]!;
      if (result.status === 'accepted') return { final: accepted(entry, result, result.replayed === true) };
      if (result.status === 'invalid') return { final: invalid(entry, result) };
      const failure = {
        errorCode: result.code ?? `http_${result.httpStatus}`,
        errorMessage: result.detail ?? result.code ?? 'refused',
        httpStatus: result.httpStatus,
      };
      // an entry whose key another request holds, or that storage could not take, may succeed later
      return RETRYABLE_STATUSES.has(result.httpStatus)
        ? { retry: failure }
        : { final: failed(entry, failure) };
    });
  }

  /** Groups entries into calls within the entry and byte limits, keeping their order. */
  function plan(entries: Entry[]): Entry[][] {
    const calls: Entry[][] = [];
    let current: Entry[] = [];
    let bytes = 0;
    for (const entry of entries) {
      if (current.length > 0 && (current.length >= maxBatchEntries || bytes + entry.bytes > maxBatchBytes)) {
        calls.push(current);
        current = [];
        bytes = 0;
      }
      current.push(entry);
      bytes += entry.bytes;
    }
    if (current.length > 0) calls.push(current);
    return calls;
  }

  /** Runs `calls` with at most `concurrency` in flight. */
  async function runCalls(calls: Entry[][], run: (call: Entry[]) => Promise<Outcome[]>) {
    const outcomes: Outcome[][] = new Array(calls.length);
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const n = next++;
        outcomes[n] = await run(calls[n]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, calls.length) }, worker));
    return outcomes;
  }

  async function publish(
    events: readonly unknown[],
    target: ValidationTarget = {},
  ): Promise<GatePublishResult[]> {
    const results: GatePublishResult[] = new Array(events.length);
    let pending: Entry[] = [];
    events.forEach((event, index) => {
      const entry: Entry = { index, event, key: '', bytes: 0, attempts: 0 };
      try {
        entry.key = keyOf(event);
        entry.bytes = Buffer.byteLength(JSON.stringify(event) ?? 'null');
      } catch (error) {
        // an event JSON cannot hold (a BigInt, a cycle) or a key function that threw: this event only
        results[index] = failed(entry, {
          errorCode: 'unsendable_event',
          errorMessage: error instanceof Error ? error.message : String(error),
          httpStatus: 0,
        });
        return;
      }
      if (!printableKey.test(entry.key)) {
        results[index] = failed(entry, {
          errorCode: 'idempotency_key_invalid',
          errorMessage: 'An idempotency key is 1 to 255 printable ASCII characters',
          httpStatus: 0,
        });
        return;
      }
      pending.push(entry);
    });
    const alone = maxBatchEntries === 1 || events.length === 1;

    for (let round = 0; pending.length > 0; round++) {
      for (const entry of pending) entry.attempts++;
      const calls = alone ? pending.map((entry) => [entry]) : plan(pending);
      const outcomes = await runCalls(calls, (call) =>
        alone ? sendOne(call[0]!, target) : sendBatch(call, target),
      );
      const retry: Entry[] = [];
      let waitAtLeast = 0;
      calls.forEach((call, c) => {
        call.forEach((entry, n) => {
          const outcome = outcomes[c]![n]!;
          if ('final' in outcome) {
            results[entry.index] = outcome.final;
            return;
          }
          // waiting less than the gate asked would only earn another refusal
          const tooLong = outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxRetryAfterMs;
          if (entry.attempts >= maxAttempts || tooLong) {
            results[entry.index] = failed(entry, outcome.retry);
            return;
          }
          waitAtLeast = Math.max(waitAtLeast, outcome.retryAfterMs ?? 0);
          retry.push(entry);
        });
      });
      pending = retry;
      if (pending.length > 0) await sleep(Math.max(waitAtLeast, fullJitterDelay(round, backoff)));
    }
    return results;
  }

  return { publish };
}
