import { createHash } from 'node:crypto';
import { completeUnlessTakenOver, DEFAULT_TTL_SECONDS, type IdempotencyStore } from './store/types.ts';

/** A duplicate arrived while the first call with its key still runs: retry later (a queue redelivers by itself). */
export class IdempotencyInFlightError extends Error {
  readonly key: string;
  readonly retryAfterSeconds: number;

  constructor(key: string, retryAfterSeconds: number) {
    super(`A call with idempotency key "${key}" is still running; retry after ${retryAfterSeconds} s`);
    this.name = 'IdempotencyInFlightError';
    this.key = key;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The key was used before for a call whose `fingerprint` differs: two different events under one key. */
export class IdempotencyKeyReusedError extends Error {
  readonly key: string;

  constructor(key: string) {
    super(`Idempotency key "${key}" was already used for a different payload`);
    this.name = 'IdempotencyKeyReusedError';
    this.key = key;
  }
}

export interface MakeIdempotentOptions<Args extends unknown[]> {
  store: IdempotencyStore;
  /** The key of a call, such as the event's id; `undefined` runs the handler without idempotency. */
  key: (...args: Args) => string | undefined;
  /** How long a result is remembered. Default 24 h. */
  ttlSeconds?: number;
  /** How long one call may run before a duplicate may take it over (its process is presumed dead). */
  leaseSeconds?: number;
  /** Keeps handlers that share a store apart. Default `makeIdempotent:<the handler's name>`. */
  scope?: string;
  /**
   * What tells a repeat from another payload under the same key, e.g. a digest of the event; the same key with
   * another fingerprint throws {@link IdempotencyKeyReusedError}. Default: not checked (the key alone decides).
   */
  fingerprint?: (...args: Args) => string;
}

/** Stored as `{"value": ...}`, so that a handler answering `undefined` is remembered too. */
const RESULT_CONTENT_TYPE = 'application/vnd.schemagate.idempotent-result+json';

/**
 * Wraps a handler so that each key runs it once, as AWS Lambda Powertools' `makeIdempotent` does with DynamoDB:
 * a repeat of a finished key returns the stored result without calling the handler, a duplicate that arrives while
 * the first runs throws {@link IdempotencyInFlightError}, and a handler that throws releases the key, so that the
 * next delivery runs again. Results are stored as JSON (a `Date` comes back as its string).
 *
 * @example
 * const handle = makeIdempotent(async (event: OrderPlaced) => chargeCard(event.detail), {
 *   store: createIdempotencyStore({ databaseUrl: process.env.DATABASE_URL! }),
 *   key: (event) => event.id,
 * });
 * await handle(event); // charges
 * await handle(event); // returns the first result, charges nothing
 */
export function makeIdempotent<Args extends unknown[], Result>(
  handler: (...args: Args) => Result | Promise<Result>,
  options: MakeIdempotentOptions<Args>,
): (...args: Args) => Promise<Result> {
  const { store } = options;
  const scope = options.scope ?? `makeIdempotent:${handler.name || 'anonymous'}`;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;

  return async function idempotentHandler(...args: Args): Promise<Result> {
    const key = options.key(...args);
    if (key === undefined) return handler(...args);
    const fingerprint = options.fingerprint
      ? createHash('sha256')
          .update(options.fingerprint(...args))
          .digest('hex')
      : '';
    const begun = await store.begin({
      scope,
      key,
      fingerprint,
      ttlSeconds,
      leaseSeconds: options.leaseSeconds,
    });
    switch (begun.state) {
      case 'replay':
        return (JSON.parse(begun.response.body) as { value: Result }).value;
      case 'in_flight':
        throw new IdempotencyInFlightError(key, begun.retryAfterSeconds);
      case 'mismatch':
        throw new IdempotencyKeyReusedError(key);
    }
    let body: string;
    let result: Result;
    try {
      result = await handler(...args);
      // a result JSON cannot hold is refused before it is half stored
      body = JSON.stringify({ value: result });
    } catch (error) {
      await store.release(begun.lease);
      throw error;
    }
    await completeUnlessTakenOver(store, begun.lease, {
      status: 200,
      headers: { 'content-type': RESULT_CONTENT_TYPE },
      body,
    });
    return result;
  };
}
