import type { ProblemCode } from '@schemagate/api';
import {
  findUnstorableText,
  fingerprint,
  forwardableEntry,
  LruCache,
  type ValidationIssue,
} from '@schemagate/core';
import {
  type AcceptedEvent,
  createDeadLetterStore,
  type Database,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterPolicy,
  type DeadLetterReason,
  deleteOutboxEvents,
  insertOutboxEvents,
  type NewDeadLetter,
  newEventId,
  type RegistryStore,
} from '@schemagate/db';
import {
  type CompletedRecord,
  type IdempotencyContext,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
  type Lease,
  MAX_KEY_LENGTH,
  type StoredResponse,
} from '@schemagate/idempotency';
import { AppError, errorStatus, problemBody } from '../errors.ts';
import type { Metrics } from '../metrics/index.ts';
import { unreachableRegistry } from '../middleware/auth.ts';
import { withDeadline } from '../storage.ts';
import { keyAtPointer } from './event-pointer.ts';
import { type GateWrite, GroupCommit } from './group-commit.ts';
import type { RouteIndex } from './route-index.ts';
import type { Reach, ValidateResult, ValidationService, ValidationTarget } from './validation-service.ts';

/** What the gate reads of a registry. */
interface GateSettings {
  deadLetters: DeadLetterPolicy;
  idempotencyKeyPointer: string | null;
}

const DEFAULT_SETTINGS: GateSettings = { deadLetters: 'keep', idempotencyKeyPointer: null };
/**
 * How long a registry's gate settings are used without reading them again. A change made through this process is
 * seen at once (see {@link GateService.forgetRegistry}); one made through another replica within this time.
 */
const SETTINGS_TTL_MS = 5000;
/** Registries whose settings are kept; past it the least recently used go (names come from routed events). */
const SETTINGS_MAX = 1000;
/**
 * Transactions that store single events at once, and events in one: a group commits many requests' events with one
 * wait for the disk; a few groups side by side keep connections busy while one waits.
 */
const GROUP_CONCURRENCY = 4;
const GROUP_MAX = 200;
/** Idempotency records begun side by side for the entries of one batch. */
const BEGIN_CONCURRENCY = 16;
/** Dead letters one bulk replay call judges at most, and a page of them. */
const REPLAY_MAX_PER_CALL = 1000;
const REPLAY_PAGE = 100;
/** A bulk replay call stops after this long and answers a cursor to go on from. */
const REPLAY_SLICE_MS = 2000;
/** The dead-letter gauge is read from storage at most this often (a scrape reads it). */
const GAUGE_MAX_AGE_MS = 1000;

/** One entry of `POST /v1/events/batch`. */
export interface BatchEntry extends ValidationTarget {
  event: unknown;
  idempotencyKey?: string;
}

/** An entry's outcome, as `POST /v1/events` would have answered it alone (see the API's `BatchEventResult`). */
export interface BatchEventResult {
  status: 'accepted' | 'invalid' | 'refused';
  httpStatus: number;
  id?: string;
  registry: string | null;
  schema: string | null;
  version: number | null;
  errors?: unknown[];
  deadLetterId?: string;
  code?: ProblemCode;
  detail?: string;
  replayed?: true;
}

/** A dead letter as the API shows it. */
export interface DeadLetterView {
  id: string;
  reason: DeadLetterReason;
  registry: string;
  schema: string | null;
  version: number | null;
  event: unknown;
  /** As validation gave them when the letter was last judged (`[]` for a failed forward). */
  errors: ValidationIssue[];
  idempotencyKey: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface GateDeps {
  db: Database;
  store: RegistryStore;
  validation: ValidationService;
  routes: RouteIndex;
  metrics: Metrics;
  idempotency: { store: IdempotencyStore; ttlSeconds: number; required: boolean };
  /** The most one storage call may take before it is answered 503 (see `SCHEMAGATE_DB_DEADLINE_MS`). */
  deadlineMs: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' };

/** A refused batch entry: the keyword of its one error is the refusal's code (see `ValidationService.validateMany`). */
const isRefusal = (result: ValidateResult) => !result.valid && result.version === null;
/** A refusal's code and detail, from its one error. */
const refusalOf = (result: ValidateResult) => ({
  code: (result.errors[0]?.keyword ?? 'invalid_request') as ProblemCode,
  detail: result.errors[0]?.message ?? '',
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Validation errors as jsonb can hold them: a NUL or a lone surrogate (in a property name an error's path names)
 * is written as its escape, the rest is kept as it is.
 */
function storableErrors(errors: unknown[]): unknown[] {
  if (findUnstorableText(errors, 1).length === 0) return errors;
  return JSON.parse(
    JSON.stringify(errors, (_key, value) =>
      typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\0', '\\u0000') : value,
    ),
  ) as unknown[];
}

/** A record another request took over (this one outlived its lease): the client retries and reads that one's answer. */
function inFlightIfLeaseLost(error: unknown): unknown {
  if (!(error instanceof IdempotencyLeaseLostError)) return error;
  return new AppError('idempotency_key_in_flight', {
    detail: `Another request took over Idempotency-Key "${error.key}"; retry to read its answer`,
    headers: { 'retry-after': '1' },
  });
}

const toResponse = (stored: StoredResponse) =>
  new Response(stored.body, { status: stored.status, headers: stored.headers });

/** Runs `work` on `items`, at most `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The gate: events validated by the validation service's rule, written to the outbox (valid) or to dead letters
 * (invalid, unless the registry discards them) in the transaction that also completes their idempotency records;
 * and the dead letters themselves (listing, replay, delete).
 */
export class GateService {
  readonly #db: Database;
  readonly #store: RegistryStore;
  readonly #validation: ValidationService;
  readonly #routes: RouteIndex;
  readonly #metrics: Metrics;
  readonly #idempotency: GateDeps['idempotency'];
  readonly #deadlineMs: number;
  readonly #group: GroupCommit;
  /** Dead letters outside the gate's own transactions (listing, replay, delete, the gauge). */
  readonly #letters: ReturnType<typeof createDeadLetterStore>;
  readonly #settings = new LruCache<string, { expires: number; value: GateSettings }>({ max: SETTINGS_MAX });
  /** The idempotency store opened (its table made) outside any group's transaction: PGlite runs one at a time. */
  #storeOpen: Promise<unknown> | undefined;
  #gauge: { at: number; refresh: Promise<void> } | undefined;
  #outboxWritten: () => void = () => {};

  constructor(deps: GateDeps) {
    this.#db = deps.db;
    this.#store = deps.store;
    this.#validation = deps.validation;
    this.#routes = deps.routes;
    this.#metrics = deps.metrics;
    this.#idempotency = deps.idempotency;
    this.#deadlineMs = deps.deadlineMs;
    this.#letters = createDeadLetterStore(deps.db);
    this.#group = new GroupCommit(deps.db, {
      concurrency: GROUP_CONCURRENCY,
      maxGroup: GROUP_MAX,
      bounded: (work) => this.#bounded(work),
      store: deps.idempotency.store,
      outboxWritten: () => this.#outboxWritten(),
    });
  }

  /** `listener` is called after each commit that wrote outbox rows: the forwarders are woken with it. */
  onOutboxWritten(listener: () => void): void {
    this.#outboxWritten = listener;
  }

  /** What `/v1/quotas` publishes of idempotency. */
  get idempotencyQuota() {
    return { ttlSeconds: this.#idempotency.ttlSeconds, required: this.#idempotency.required };
  }

  get idempotencyStore(): IdempotencyStore {
    return this.#idempotency.store;
  }

  /** Drops the cached settings of a registry this process just changed. */
  forgetRegistry(name: string): void {
    this.#settings.delete(name);
  }

  async #settingsOf(registry: string): Promise<GateSettings> {
    const cached = this.#settings.get(registry);
    if (cached && cached.expires > Date.now()) return cached.value;
    const row = await this.#bounded(this.#store.getRegistry(registry));
    const value = row
      ? { deadLetters: row.deadLetters, idempotencyKeyPointer: row.idempotencyKeyPointer }
      : DEFAULT_SETTINGS;
    this.#settings.set(registry, { expires: Date.now() + SETTINGS_TTL_MS, value });
    return value;
  }

  /**
   * The key the event's registry names by its pointer, for a request without an `Idempotency-Key` header: the
   * event is routed as validation routes it. Undefined when it cannot be routed (the handler answers why) or the
   * registry names no pointer.
   */
  async pointerKey(event: unknown, target: ValidationTarget, reach: Reach): Promise<string | undefined> {
    let registry: string;
    try {
      registry = (await this.#routes.resolve(event, target, reach)).registry;
    } catch (error) {
      if (error instanceof AppError) return undefined;
      throw error;
    }
    const { idempotencyKeyPointer } = await this.#settingsOf(registry);
    return idempotencyKeyPointer ? keyAtPointer(event, idempotencyKeyPointer) : undefined;
  }

  /** One transaction under the storage deadline; a lease lost meanwhile is answered as a request still in flight. */
  async #write<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    try {
      return await this.#bounded(this.#db.transaction((tx) => work(tx as unknown as Database)));
    } catch (error) {
      throw inFlightIfLeaseLost(error);
    }
  }

  /**
   * `POST /v1/events`: validates, then stores the event in the outbox (202) or in dead letters (422), writing
   * the request's idempotency record in the same transaction (shared with the requests that arrive meanwhile, see
   * {@link GroupCommit}). The key is not claimed before: a request answered before the gate acted keeps no
   * record, and a repeat of the key is answered from its record once the group committed. Refusals (no schema, a disabled version...) are thrown as the validation service throws
   * them.
   */
  async send(input: {
    event: unknown;
    /** The event's JSON text as sent. */
    text: string;
    target: ValidationTarget;
    shallow: boolean;
    textLength: number;
    reach: Reach;
    idempotency: IdempotencyContext | undefined;
    instance: string;
  }): Promise<Response> {
    const result = await this.#validation.validateOne(
      input.event,
      input.target,
      input.shallow,
      input.textLength,
      input.reach,
    );
    const idempotency = input.idempotency;
    const key = idempotency?.key ?? null;
    const { registry, schema, version } = result as { registry: string; schema: string; version: number };
    const unforwardable = result.valid ? whyUnforwardable(input.event, result, input.text) : undefined;
    if (unforwardable) throw new AppError('event_unforwardable', { detail: unforwardable });
    const write: GateWrite = {};
    let answer: StoredResponse;
    if (result.valid) {
      const id = newEventId();
      answer = acceptedResponse(id, registry, schema, version);
      write.outbox = [{ id, registry, schema, version, event: input.text, idempotencyKey: key }];
    } else {
      const { deadLetters } = await this.#settingsOf(registry);
      const deadLetterId = deadLetters === 'keep' ? newEventId() : undefined;
      answer = invalidResponse(
        result,
        input.instance,
        deadLetterId,
        'The event breaks its schema; it is not forwarded',
      );
      if (deadLetterId) {
        write.deadLetters = [
          {
            id: deadLetterId,
            reason: 'invalid',
            registry,
            schema,
            version,
            event: input.text,
            errors: storableErrors(result.errors),
            idempotencyKey: key,
          },
        ];
        // the gauge is read again at the next scrape
        this.#gauge = undefined;
      }
    }
    if (!idempotency) {
      if (write.outbox || write.deadLetters) await this.#group.submit(write);
      return toResponse(answer);
    }
    // a new key: the record, already finished, commits with the rows in the group's transaction; no claim before
    await this.#openStore();
    if (await this.#group.submit({ ...write, record: idempotency.record(answer) })) return toResponse(answer);
    // the key has a record (or had one in a transaction that waited for it): it answers this request, unless it
    // was one a claim takes over (expired, abandoned, rolled back), and then this request writes as before
    const other = await this.#bounded(idempotency.claim());
    if (other) return other;
    await this.#group
      .submit({ ...write, complete: (tx) => idempotency.complete(answer, tx) })
      .catch((error: unknown) => {
        throw inFlightIfLeaseLost(error);
      });
    return toResponse(answer);
  }

  #openStore(): Promise<unknown> {
    this.#storeOpen ??= this.#bounded(this.#idempotency.store.insertCompleted([])).catch((error: unknown) => {
      this.#storeOpen = undefined;
      throw error;
    });
    return this.#storeOpen;
  }

  /**
   * `POST /v1/events/batch`: every entry as {@link send} would treat it, with its own idempotency key (its
   * `idempotencyKey`, else its registry's pointer): a finished one answers its stored result. The writes of all
   * entries, and their records, are one transaction.
   */
  async sendBatch(input: {
    entries: readonly BatchEntry[];
    texts: readonly (string | undefined)[];
    textLength: number;
    reach: Reach;
    /** Idempotency keys of entries are unique per caller (see the single route's scope). */
    scope: string;
  }): Promise<{ failedCount: number; results: BatchEventResult[] }> {
    const { entries } = input;
    const targets = entries.map(
      (e): ValidationTarget => ({
        ...(e.registry !== undefined ? { registry: e.registry } : {}),
        ...(e.schema !== undefined ? { schema: e.schema } : {}),
        ...(e.version !== undefined ? { version: e.version } : {}),
      }),
    );
    const verdicts = await this.#validation.validateMany(
      entries.map((e) => e.event),
      targets,
      input.textLength,
      input.reach,
    );
    const results: (BatchEventResult | undefined)[] = new Array(entries.length);
    const keys: (string | undefined)[] = new Array(entries.length);
    // the entry's text as sent, when the body could be cut into them
    const textOf = (i: number) => input.texts[i] ?? JSON.stringify(entries[i]!.event);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const verdict = verdicts[i]!;
      let key = entry.idempotencyKey;
      const registry = verdict.registry ?? entry.registry;
      if (key === undefined && registry !== undefined && registry !== null) {
        const { idempotencyKeyPointer } = await this.#settingsOf(registry);
        if (idempotencyKeyPointer) key = keyAtPointer(entry.event, idempotencyKeyPointer);
      }
      if (key !== undefined && key.length > MAX_KEY_LENGTH) {
        results[i] = refused(
          verdict,
          'idempotency_key_invalid',
          `The entry's idempotency key is ${key.length} characters long; at most ${MAX_KEY_LENGTH} are accepted`,
        );
      } else if (key === undefined && this.#idempotency.required) {
        results[i] = refused(
          verdict,
          'idempotency_key_missing',
          "This server needs an idempotency key for every event: set the entry's `idempotencyKey`",
        );
      } else if (verdict.valid) {
        const unforwardable = whyUnforwardable(entry.event, verdict, textOf(i));
        if (unforwardable) results[i] = refused(verdict, 'event_unforwardable', unforwardable);
      }
      keys[i] = key;
    }

    const { store, ttlSeconds } = this.#idempotency;
    const entryFingerprint = (i: number) => fingerprint({ event: entries[i]!.event, ...targets[i] });
    // first without claiming keys: every entry judged, the keyed ones' records written already finished with the
    // rows; an entry whose key has a record (or had one in a transaction this one waited for) is taken back and
    // settled below by claiming its key, as before
    const leases: (Lease | undefined)[] = new Array(entries.length);
    const batch = {
      entries,
      verdicts,
      keys,
      results,
      leases,
      text: textOf,
      record: (i: number, result: BatchEventResult): CompletedRecord => ({
        scope: input.scope,
        key: keys[i]!,
        fingerprint: entryFingerprint(i),
        ttlSeconds,
        response: { status: result.httpStatus, headers: JSON_HEADERS, body: JSON.stringify(result) },
      }),
    };
    const firstWrote = await this.#writeJudged(batch);

    const keyed = entries.map((_, i) => i).filter((i) => keys[i] !== undefined && results[i] === undefined);
    try {
      await inParallel(keyed, BEGIN_CONCURRENCY, async (i) => {
        const begun = await this.#bounded(
          store.begin({ scope: input.scope, key: keys[i]!, fingerprint: entryFingerprint(i), ttlSeconds }),
        );
        if (begun.state === 'acquired') leases[i] = begun.lease;
        else if (begun.state === 'replay') {
          this.#metrics.idempotentReplays.inc();
          results[i] = { ...(JSON.parse(begun.response.body) as BatchEventResult), replayed: true };
        } else if (begun.state === 'in_flight') {
          results[i] = refused(
            verdicts[i]!,
            'idempotency_key_in_flight',
            `An entry with idempotency key "${keys[i]}" is still being processed; retry after ${begun.retryAfterSeconds} s`,
          );
        } else {
          results[i] = refused(
            verdicts[i]!,
            'idempotency_key_reused',
            `Idempotency key "${keys[i]}" was already used for another event; send a new key for a new event`,
          );
        }
      });

      // the keys claimed (their record had expired, or its transaction rolled back): written as above, each
      // record completed in the transaction
      await this.#writeJudged(batch);
    } catch (error) {
      // the client may retry these keys: nothing of them was stored
      await Promise.all(leases.map((lease) => (lease ? store.release(lease).catch(() => {}) : undefined)));
      if (!firstWrote) throw error;
      // the first transaction committed: its entries keep their results (an entry without a key must not be
      // answered as not stored), and the rest are answered as not stored, to be sent again with their keys
      const code: ProblemCode =
        error instanceof AppError && error.code === 'idempotency_key_in_flight'
          ? 'idempotency_key_in_flight'
          : 'storage_unavailable';
      for (let i = 0; i < entries.length; i++) {
        if (results[i] !== undefined && !leases[i]) continue;
        results[i] = refused(verdicts[i]!, code, 'The entry was not stored; send it again with the same key');
      }
    }
    let failedCount = 0;
    for (const r of results) if (r!.status !== 'accepted') failedCount++;
    return { failedCount, results: results as BatchEventResult[] };
  }

  /**
   * The batch's entries that have no result yet, judged in one transaction without claiming their keys: accepted
   * ones to the outbox, invalid ones to dead letters (as their registry keeps them), refusals answered (they keep no
   * record: the gate did not act on them), and the keyed ones' records written already finished with their rows.
   * An entry whose key has a record already is left without a result and without rows, for its key to be claimed.
   * Answers whether a transaction committed.
   */
  async #writeJudged(batch: {
    entries: readonly BatchEntry[];
    verdicts: readonly ValidateResult[];
    keys: readonly (string | undefined)[];
    results: (BatchEventResult | undefined)[];
    text(i: number): string;
    /** Entries whose key this request claimed: their records are completed instead of written. */
    leases: readonly (Lease | undefined)[];
    record(i: number, result: BatchEventResult): CompletedRecord;
  }): Promise<boolean> {
    const { verdicts, keys, results } = batch;
    const fresh = batch.entries.map((_, i) => i).filter((i) => results[i] === undefined);
    const policies = new Map<string, DeadLetterPolicy>();
    for (const i of fresh) {
      const v = verdicts[i]!;
      if (v.valid || isRefusal(v) || policies.has(v.registry!)) continue;
      policies.set(v.registry!, (await this.#settingsOf(v.registry!)).deadLetters);
    }
    const outbox: AcceptedEvent[] = [];
    const letters: NewDeadLetter[] = [];
    /** Per judged entry, its rows' ids. */
    const rowsOf = new Map<number, { outbox?: string; letter?: string }>();
    for (const i of fresh) {
      const v = verdicts[i]!;
      const where = { registry: v.registry, schema: v.schema, version: v.version };
      if (isRefusal(v)) {
        const { code, detail } = refusalOf(v);
        results[i] = refused(v, code, detail, v.errors);
      } else if (v.valid) {
        const id = newEventId();
        outbox.push({
          id,
          registry: v.registry!,
          schema: v.schema!,
          version: v.version!,
          event: batch.text(i),
          idempotencyKey: keys[i] ?? null,
        });
        rowsOf.set(i, { outbox: id });
        results[i] = { status: 'accepted', httpStatus: 202, id, ...where };
      } else {
        const deadLetterId = policies.get(v.registry!) === 'keep' ? newEventId() : undefined;
        if (deadLetterId) {
          letters.push({
            id: deadLetterId,
            reason: 'invalid',
            registry: v.registry!,
            schema: v.schema,
            version: v.version,
            event: batch.text(i),
            errors: storableErrors(v.errors),
            idempotencyKey: keys[i] ?? null,
          });
        }
        rowsOf.set(i, deadLetterId ? { letter: deadLetterId } : {});
        results[i] = {
          status: 'invalid',
          httpStatus: 422,
          ...where,
          errors: v.errors,
          ...(deadLetterId ? { deadLetterId } : {}),
        };
      }
    }
    const recorded = [...rowsOf.keys()].filter((i) => keys[i] !== undefined && !batch.leases[i]);
    const leased = fresh.filter((i) => batch.leases[i]);
    if (outbox.length === 0 && letters.length === 0 && recorded.length === 0 && leased.length === 0)
      return false;
    if (recorded.length > 0) await this.#openStore();
    const taken = await this.#write(async (tx) => {
      const [written] = await Promise.all([
        // (called only with records: the store opens on its first call, outside any transaction)
        recorded.length > 0
          ? this.#idempotency.store.insertCompleted(
              recorded.map((i) => batch.record(i, results[i]!)),
              tx,
            )
          : [],
        insertOutboxEvents(tx, outbox),
        createDeadLetterStore(tx).insert(letters),
        // an entry's record holds its result: a repeat of the entry answers it, whatever batch it comes in
        ...leased.map((i) => {
          const { response } = batch.record(i, results[i]!);
          return this.#idempotency.store.complete(batch.leases[i]!, response, tx);
        }),
      ]);
      const lost = recorded.filter((_, n) => !written[n]);
      // rare (a repeat of a key): the rows this transaction wrote for those entries are taken back before it commits
      await deleteOutboxEvents(
        tx,
        lost.flatMap((i) => rowsOf.get(i)!.outbox ?? []),
      );
      for (const i of lost) {
        const letter = rowsOf.get(i)!.letter;
        if (letter) await createDeadLetterStore(tx).delete(letter);
      }
      return lost;
    });
    for (const i of taken) results[i] = undefined;
    if (outbox.length > 0) this.#outboxWritten();
    if (letters.length > 0) this.#gauge = undefined;
    return true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Dead letters

  #bounded<T>(work: Promise<T>): Promise<T> {
    return withDeadline(work, this.#deadlineMs, 'storage');
  }

  /** The filter for a caller: a registry it may not reach is answered as one that does not exist. */
  #filter(query: DeadLetterFilter, reach: Reach): DeadLetterFilter {
    if (query.registry !== undefined && reach && !reach.has(query.registry)) {
      throw unreachableRegistry(query.registry);
    }
    return { ...query, ...(reach ? { registries: [...reach] } : {}) };
  }

  async #letter(id: string, reach: Reach): Promise<DeadLetter> {
    const letter = await this.#bounded(this.#letters.get(id));
    if (!letter || (reach && !reach.has(letter.registry))) {
      throw new AppError('not_found', { detail: `No dead letter \`${id}\`` });
    }
    return letter;
  }

  async listDeadLetters(
    query: DeadLetterFilter & { limit?: number; cursor?: string },
    reach: Reach,
  ): Promise<{ items: DeadLetterView[]; nextCursor?: string }> {
    const { limit, cursor, ...filter } = query;
    const page = await this.#bounded(
      this.#letters.list(this.#filter(filter, reach), {
        limit: limit ?? 100,
        ...(cursor ? { cursor } : {}),
      }),
    );
    return {
      items: page.items.map(deadLetterView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async deleteDeadLetter(id: string, reach: Reach): Promise<void> {
    await this.#letter(id, reach);
    if (!(await this.#bounded(this.#letters.delete(id)))) {
      throw new AppError('not_found', { detail: `No dead letter \`${id}\`` });
    }
    this.#gauge = undefined;
  }

  /** Judges dead letters again, by their schema's latest usable version (its registry's routing when none). */
  #rejudge(letters: readonly DeadLetter[], reach: Reach): Promise<ValidateResult[]> {
    return this.#validation.validateMany(
      letters.map((l) => JSON.parse(l.event) as unknown),
      letters.map((l) => ({ registry: l.registry, ...(l.schema ? { schema: l.schema } : {}) })),
      Number.POSITIVE_INFINITY,
      reach,
    );
  }

  /** Moves the letters that passed to the outbox and records the others' errors; answers the moved ones' outbox ids. */
  async #settle(letters: readonly DeadLetter[], verdicts: readonly ValidateResult[]) {
    const passed = letters.flatMap((l, i) =>
      verdicts[i]!.valid ? [{ id: l.id, schema: verdicts[i]!.schema!, version: verdicts[i]!.version! }] : [],
    );
    const failed = letters.flatMap((l, i) => {
      const v = verdicts[i]!;
      if (v.valid) return [];
      // a refusal (the schema is gone, its versions disabled) keeps what the letter was judged against
      return [
        {
          id: l.id,
          errors: storableErrors(v.errors),
          schema: isRefusal(v) ? l.schema : v.schema,
          version: isRefusal(v) ? l.version : v.version,
        },
      ];
    });
    const store = this.#letters;
    const moved = await this.#bounded(store.moveToOutbox(passed));
    if (moved.size > 0) this.#outboxWritten();
    await this.#bounded(store.recordErrors(failed));
    this.#gauge = undefined;
    return { moved, failed: failed.length };
  }

  /** `POST /v1/dead-letters/{id}/replay`: 202 with the outbox row, or 422 `event_invalid` with the new errors. */
  async replayOne(id: string, reach: Reach, instance: string): Promise<Response> {
    const letter = await this.#letter(id, reach);
    const [verdict] = await this.#rejudge([letter], reach);
    if (isRefusal(verdict!)) {
      const { code, detail } = refusalOf(verdict!);
      throw new AppError(code, { detail });
    }
    const { moved } = await this.#settle([letter], [verdict!]);
    if (!verdict!.valid) {
      return toResponse(
        invalidResponse(
          verdict!,
          instance,
          letter.id,
          'The event still breaks its schema; it stays in dead letters',
        ),
      );
    }
    const outboxId = moved.get(letter.id);
    if (!outboxId) throw new AppError('not_found', { detail: `No dead letter \`${id}\`` });
    return toResponse(acceptedResponse(outboxId, verdict!.registry!, verdict!.schema!, verdict!.version!));
  }

  /**
   * `POST /v1/dead-letters/replay`: the letters a filter matches, page by page, until {@link REPLAY_MAX_PER_CALL}
   * letters or {@link REPLAY_SLICE_MS} have gone by; then a cursor to go on from. A validation batch yields to other
   * requests as it goes (see `validateMany`).
   */
  async replayMany(
    query: DeadLetterFilter & { cursor?: string },
    reach: Reach,
  ): Promise<{ replayed: number; stillInvalid: number; nextCursor?: string }> {
    const { cursor: from, ...rest } = query;
    const filter = this.#filter(rest, reach);
    const started = performance.now();
    let replayed = 0;
    let stillInvalid = 0;
    let judged = 0;
    let cursor = from;
    for (;;) {
      const page = await this.#bounded(
        this.#letters.list(filter, { limit: REPLAY_PAGE, ...(cursor ? { cursor } : {}) }),
      );
      if (page.items.length > 0) {
        const { moved, failed } = await this.#settle(page.items, await this.#rejudge(page.items, reach));
        replayed += moved.size;
        stillInvalid += failed;
        judged += page.items.length;
      }
      cursor = page.nextCursor;
      if (!cursor) return { replayed, stillInvalid };
      if (judged >= REPLAY_MAX_PER_CALL || performance.now() - started > REPLAY_SLICE_MS) {
        return { replayed, stillInvalid, nextCursor: cursor };
      }
    }
  }

  /** Sets `schemagate_dead_letters{reason}` from storage, at most once a second; a failed read keeps the last values. */
  refreshDeadLetterGauge(): Promise<void> {
    const now = performance.now();
    if (this.#gauge && now - this.#gauge.at < GAUGE_MAX_AGE_MS) return this.#gauge.refresh;
    const refresh = this.#bounded(this.#letters.countByReason()).then(
      (counts) => {
        for (const [reason, count] of Object.entries(counts))
          this.#metrics.deadLetters.set({ reason }, count);
      },
      () => {
        this.#gauge = undefined;
      },
    );
    this.#gauge = { at: now, refresh };
    return refresh;
  }
}

/**
 * Why EventBridge could never take an event that passed its schema (its entry over one PutEvents call, or nothing
 * the forwarder can map to an entry), or undefined. Refused at the door with a 4xx, rather than accepted and only
 * dead-lettered by the forwarder later. The bus is not part of the entry's size, so none is named here.
 */
function whyUnforwardable(event: unknown, verdict: ValidateResult, text: string): string | undefined {
  const prepared = forwardableEntry(
    event,
    { eventBus: '', registry: verdict.registry!, schema: verdict.schema! },
    text,
  );
  return 'problem' in prepared ? `The event cannot be forwarded: ${prepared.problem}` : undefined;
}

function acceptedResponse(id: string, registry: string, schema: string, version: number): StoredResponse {
  return {
    status: 202,
    headers: JSON_HEADERS,
    body: JSON.stringify({ id, status: 'accepted', registry, schema, version }),
  };
}

function invalidResponse(
  result: ValidateResult,
  instance: string,
  deadLetterId: string | undefined,
  detail: string,
): StoredResponse {
  const body = problemBody(
    'event_invalid',
    {
      detail,
      errors: result.errors,
      extensions: {
        registry: result.registry,
        schema: result.schema,
        version: result.version,
        ...(deadLetterId ? { deadLetterId } : {}),
      },
    },
    instance,
  );
  return { status: 422, headers: PROBLEM_HEADERS, body: JSON.stringify(body) };
}

function refused(
  verdict: ValidateResult,
  code: ProblemCode,
  detail: string,
  errors?: unknown[],
): BatchEventResult {
  return {
    status: 'refused',
    httpStatus: errorStatus[code],
    registry: verdict.registry,
    schema: verdict.schema,
    version: verdict.version,
    code,
    detail,
    ...(errors ? { errors } : {}),
  };
}

function deadLetterView(letter: DeadLetter): DeadLetterView {
  let event: unknown;
  try {
    event = JSON.parse(letter.event);
  } catch {
    event = letter.event;
  }
  return {
    id: letter.id,
    reason: letter.reason,
    registry: letter.registry,
    schema: letter.schema,
    version: letter.version,
    event,
    errors: letter.errors as ValidationIssue[],
    idempotencyKey: letter.idempotencyKey,
    attempts: letter.attempts,
    lastError: letter.lastError,
    createdAt: letter.createdAt.toISOString(),
  };
}
