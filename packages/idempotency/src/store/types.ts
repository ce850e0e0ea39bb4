/** A finished answer as the store keeps it, replayed byte for byte. */
export interface StoredResponse {
  status: number;
  /** The headers worth replaying (content-type, location, ...), names in lower case. */
  headers: Record<string, string>;
  /** The body: UTF-8 text, or base64 when `bodyEncoding` says so (a body that is not valid UTF-8). */
  body: string;
  bodyEncoding?: 'utf8' | 'base64';
}

/** Proof of owning one in-progress record: only its holder may complete or release it. */
export interface Lease {
  readonly scope: string;
  readonly key: string;
  /** Random, new for every acquisition: a process that lost its record to a takeover holds a stale token. */
  readonly token: string;
}

export interface BeginRequest {
  /** Keys are unique within a scope (a client, an API key, a consumer). */
  scope: string;
  key: string;
  /** A digest of the request the key was sent with: the same key with another fingerprint is a misuse. */
  fingerprint: string;
  /** How long the finished record is kept and replayed. */
  ttlSeconds: number;
  /** How long the new owner may take before another process may take the record over; the store's default else. */
  leaseSeconds?: number;
}

/** A request's record written already finished, for {@link IdempotencyStore.insertCompleted}. */
export interface CompletedRecord {
  scope: string;
  key: string;
  fingerprint: string;
  ttlSeconds: number;
  /** The answer exactly as the request is answered: a repeat replays it byte for byte. */
  response: StoredResponse;
}

export type BeginResult =
  | { state: 'acquired'; lease: Lease }
  | { state: 'in_flight'; retryAfterSeconds: number }
  | { state: 'replay'; response: StoredResponse }
  | { state: 'mismatch' };

/**
 * Where idempotency records live. `begin` is a compare-and-set: of all the callers that send one key at once,
 * exactly one is answered `acquired`.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` in `scope`, or says why not: another request holds it (`in_flight`), it finished
   * (`replay`), or it was used for another request (`mismatch`). An expired record, and an in-progress one whose
   * lease ran out (its process died), are taken over.
   */
  begin(request: BeginRequest): Promise<BeginResult>;
  /**
   * Stores the answer of a leased record. `tx`, a drizzle transaction of the database the store was made from,
   * commits the record with the caller's own writes. Throws {@link IdempotencyLeaseLostError} when the lease was
   * taken over or swept meanwhile (inside `tx`, rolling the caller's writes back is then the right thing).
   */
  complete(lease: Lease, response: StoredResponse, tx?: unknown): Promise<void>;
  /**
   * Writes records already finished, for requests that have done their work without claiming their key first
   * (the work must stay uncommitted until then): inside `tx`, the records commit with the caller's writes, one
   * statement for all of them. Answers, per record in order, whether it was written; `false` means the key
   * already has a record (finished, in progress, in this call already, or one `begin` would take over): the
   * caller must then drop that request's writes and settle it with `begin` after `tx` committed or rolled back.
   * A key being written by another uncommitted transaction waits for it, so two such requests are never both
   * written. A database store opens (creates its table) on its first call, in a transaction of its own: on
   * PGlite, which runs one transaction at a time, make that first call outside `tx` (`insertCompleted([])` does).
   */
  insertCompleted(records: readonly CompletedRecord[], tx?: unknown): Promise<boolean[]>;
  /** Forgets a leased record that did not finish, so that the client may retry with the same key. */
  release(lease: Lease): Promise<void>;
  /** Deletes at most `limit` expired records (default 1000); answers how many. */
  sweep(limit?: number): Promise<number>;
  /** Closes what the store opened itself (never a database it was given). */
  close(): Promise<void>;
}

/** The lease given to `complete` was taken over by another process or swept: this answer must not be kept. */
export class IdempotencyLeaseLostError extends Error {
  readonly scope: string;
  readonly key: string;

  constructor(lease: Lease) {
    super(`The idempotency record of key "${lease.key}" is no longer held by this request`);
    this.name = 'IdempotencyLeaseLostError';
    this.scope = lease.scope;
    this.key = lease.key;
  }
}

/**
 * `store.complete`, where a lease taken over meanwhile (the call outlived it) is no failure: the caller's
 * answer was already given, and the duplicate's own answer stands for later repeats.
 */
export async function completeUnlessTakenOver(
  store: IdempotencyStore,
  lease: Lease,
  response: StoredResponse,
): Promise<void> {
  try {
    await store.complete(lease, response);
  } catch (error) {
    if (!(error instanceof IdempotencyLeaseLostError)) throw error;
  }
}

/**
 * What the SQL store needs of a drizzle database or transaction, of either driver (a drizzle `PgDatabase` and its
 * transactions fit). Declared without drizzle's types so that users of the memory store need no drizzle at all.
 */
export interface SqlExecutor {
  execute(query: unknown): PromiseLike<unknown>;
}

/** A drizzle database: statements, and transactions (the table is created under a lock in one). */
export interface SqlDatabase extends SqlExecutor {
  transaction<T>(run: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** Options every store takes. */
export interface StoreTimingOptions {
  /** Lease of an in-progress record, in seconds, unless `begin` says otherwise. Default 60. */
  leaseSeconds?: number;
  /** The most a caller is told to wait for an in-flight record (`Retry-After`), in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. Default `Date.now`. */
  clock?: () => number;
}

/** 24 hours: how long a finished record is replayed unless said otherwise. */
export const DEFAULT_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_LEASE_SECONDS = 60;
export const DEFAULT_SWEEP_LIMIT = 1000;
