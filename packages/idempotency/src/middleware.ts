import type { Context, Env, MiddlewareHandler } from 'hono';
import { requestFingerprint } from './fingerprint.ts';
import { MAX_KEY_LENGTH, parseIdempotencyKey } from './idempotency-key-header.ts';
import { idempotencyProblem } from './problems.ts';
import {
  type CompletedRecord,
  completeUnlessTakenOver,
  DEFAULT_TTL_SECONDS,
  type IdempotencyStore,
  type Lease,
  type StoredResponse,
} from './store/types.ts';
import { REPLAYED_HEADERS, replayResponse, toStoredResponse } from './stored-response.ts';

/** What a handler behind {@link idempotency} sees as `c.get('idempotency')` when the request has a key. */
export interface IdempotencyContext {
  key: string;
  scope: string;
  /** The request's digest (method, path and query, body bytes), as its record keeps it. */
  fingerprint: string;
  /**
   * Stores the answer now, inside `tx` (a drizzle transaction of the store's database) when given, so that the
   * record commits or rolls back with the handler's own writes. The handler must then answer exactly `response`;
   * without this call the middleware stores the handler's answer after it returns. Needs the key claimed: always
   * so without `deferred`, after {@link claim} answered `undefined` with it.
   */
  complete(response: StoredResponse, tx?: unknown): Promise<void>;
  /**
   * Claims the key now (`begin`); without `deferred` it was claimed before the handler ran and this answers
   * `undefined` at once. Answers the response to give instead when the key is not this request's: the replay of
   * a finished request, 409 while one is in flight, 422 when the key was used for another request.
   */
  claim(): Promise<Response | undefined>;
  /**
   * `deferred` only, with the key unclaimed: this request's record already finished with `response`, for the
   * store's `insertCompleted` in the handler's own transaction (several requests' records may share one call).
   * Written, the handler answers exactly `response`; not written, it drops its writes and settles the request with
   * {@link claim} once that transaction is over.
   */
  record(response: StoredResponse): CompletedRecord;
}

declare module 'hono' {
  interface ContextVariableMap {
    idempotency: IdempotencyContext | undefined;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: hono's own default for an app's Env, so that any app's context fits
type AnyEnv = any;

/** `E`: the app's hono Env, so that `scope`, `fallbackKey` and `onReplay` see its typed variables. */
export interface IdempotencyOptions<E extends Env = AnyEnv> {
  store: IdempotencyStore;
  /** Refuse requests without a key (400 `idempotency_key_missing`); else they pass through untouched. */
  required?: boolean;
  /** How long a finished answer is replayed. Default 24 h. */
  ttlSeconds?: number;
  /** How long a request may run before its record counts as abandoned; the store's default else. */
  leaseSeconds?: number;
  /** Keys are unique per scope, such as the caller's API key id. Default: one scope for every client. */
  scope?: (c: Context<E>) => string | Promise<string>;
  /** A key for a request that sent no header, e.g. read from the body; `undefined` when it has none. */
  fallbackKey?: (c: Context<E>) => string | undefined | Promise<string | undefined>;
  /** The response headers a replay repeats (lower case). Default {@link REPLAYED_HEADERS}. */
  replayHeaders?: readonly string[];
  /** Called for every replayed answer (metrics). */
  onReplay?: (c: Context<E>) => void;
  /**
   * Whether the handler's answer is kept for repeats of the request (the middleware stores it after the handler
   * returned). Only a request that began executing should keep its result: an answer given before the operation
   * acted (a malformed body, a route that does not exist, a refused scope) releases the key, so that the client's
   * corrected retry runs. 5xx and 429 answers are released whatever this says. Default: every other answer is kept.
   * An answer the handler stored itself (`complete`, `record`) is kept regardless.
   *
   * @example
   * // only 201 Created and the 422 of a business rule the handler applied are replayed
   * storeAnswer: (status, c) => status === 201 || c.get('ruleApplied') === true
   */
  storeAnswer?: (status: number, c: Context<E>) => boolean;
  /**
   * The handler claims the key itself, when it is about to act (`claim`), or writes the request's record already
   * finished with its own writes (`record` and the store's `insertCompleted`), instead of the middleware claiming
   * it before the handler runs. A request answered without either keeps no record. For handlers that check a
   * request before acting on it: a new key then costs one insert inside the handler's transaction instead of a
   * claim committed before it and an update inside it.
   */
  deferred?: boolean;
}

/** Safe methods have no effect to repeat; the draft leaves them alone. */
const IGNORED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Answers the client may retry with the same key: the record is released instead of kept. */
export const isRetryableStatus = (status: number): boolean => status >= 500 || status === 429;

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/**
 * The IETF `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header-07) for a hono app. A request with
 * a key runs once: a repeat of a finished request is answered its first status, replayed headers and body byte for
 * byte, with `Idempotency-Replayed: true`; a repeat while the first runs gets 409 with `Retry-After`; the key
 * with another method, path or body gets 422 and leaves the first record as it was. A malformed header is 400
 * `idempotency_key_invalid`, a missing one 400 `idempotency_key_missing` when `required`. GET, HEAD and OPTIONS
 * pass through. An answer of 5xx or 429 releases the key, so that the client's retry runs again; `storeAnswer`
 * releases it for answers given before the operation acted. With `deferred` the handler claims the key when it
 * acts, or writes the finished record in its own transaction.
 *
 * @example
 * const store = createIdempotencyStore({ databaseUrl: process.env.DATABASE_URL! });
 * app.use('/orders/*', idempotency({ store, required: true, scope: (c) => c.get('principal')?.id ?? '' }));
 * app.post('/orders', async (c) => c.json(await placeOrder(await c.req.json()), 201));
 */
export function idempotency<E extends Env = AnyEnv>(options: IdempotencyOptions<E>): MiddlewareHandler<E> {
  const { store } = options;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const replayHeaders = options.replayHeaders ?? REPLAYED_HEADERS;

  return async function idempotencyMiddleware(c, next) {
    if (IGNORED_METHODS.has(c.req.method)) return next();
    const instance = c.req.path;

    let key: string;
    const header = c.req.header('idempotency-key');
    if (header !== undefined) {
      const parsed = parseIdempotencyKey(header);
      if (!parsed.ok) return idempotencyProblem('idempotency_key_invalid', parsed.problem, instance);
      key = parsed.key;
    } else {
      const fallback = await options.fallbackKey?.(c);
      if (fallback === undefined || fallback === '') {
        if (!options.required) {
          c.set('idempotency', undefined);
          return next();
        }
        return idempotencyProblem(
          'idempotency_key_missing',
          'This operation needs an Idempotency-Key header, e.g. Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"',
          instance,
        );
      }
      if (fallback.length > MAX_KEY_LENGTH) {
        return idempotencyProblem(
          'idempotency_key_invalid',
          `The idempotency key taken from the request is ${fallback.length} characters long; at most ${MAX_KEY_LENGTH} are accepted`,
          instance,
        );
      }
      key = fallback;
    }

    const scope = (await options.scope?.(c)) ?? '';
    const body = new Uint8Array(await c.req.arrayBuffer());
    const fingerprint = requestFingerprint(c.req.method, pathAndQuery(c.req.url), body);

    let lease: Lease | undefined;
    let completedByHandler = false;
    /** `begin`: undefined when this request holds the key now, else the answer it gets instead. */
    const claim = async (): Promise<Response | undefined> => {
      if (lease) return undefined;
      const begun = await store.begin({
        scope,
        key,
        fingerprint,
        ttlSeconds,
        leaseSeconds: options.leaseSeconds,
      });
      switch (begun.state) {
        case 'acquired':
          lease = begun.lease;
          return undefined;
        case 'replay':
          options.onReplay?.(c);
          return replayResponse(begun.response);
        case 'in_flight':
          return idempotencyProblem(
            'idempotency_key_in_flight',
            `A request with Idempotency-Key "${key}" is still being processed; retry after ${begun.retryAfterSeconds} s`,
            instance,
            { 'retry-after': String(begun.retryAfterSeconds) },
          );
        case 'mismatch':
          return idempotencyProblem(
            'idempotency_key_reused',
            `Idempotency-Key "${key}" was already used for a request with another method, path or body; send a new key for a new request`,
            instance,
          );
      }
    };
    if (!options.deferred) {
      const answer = await claim();
      if (answer) return answer;
    }
    c.set('idempotency', {
      key,
      scope,
      fingerprint,
      claim,
      async complete(response, tx) {
        if (!lease) throw new Error(`Idempotency-Key "${key}" is not claimed: claim() it before complete()`);
        await store.complete(lease, response, tx);
        completedByHandler = true;
      },
      record(response) {
        if (!options.deferred) throw new Error('record() is for a deferred idempotency middleware');
        return { scope, key, fingerprint, ttlSeconds, response };
      },
    });
    try {
      await next();
    } catch (error) {
      if (lease) await store.release(lease);
      throw error;
    }
    // deferred, and never claimed: the handler stored its record itself, or answered before acting
    if (!lease) return;
    if (isRetryableStatus(c.res.status)) {
      // also undoes nothing when the handler's complete committed: release only deletes a record still in progress
      await store.release(lease);
      return;
    }
    if (completedByHandler) return;
    if (options.storeAnswer && !options.storeAnswer(c.res.status, c)) {
      await store.release(lease);
      return;
    }
    await completeUnlessTakenOver(store, lease, await toStoredResponse(c.res, replayHeaders));
  };
}
