import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  forwardableEntry,
  fullJitterDelay,
  type PutEventsEntryFields,
  planPutEventsBatches,
} from '@schemagate/core';
import { isRetryableAwsError } from '../sync/retry.ts';

/** An accepted event as the forwarder claims it from the outbox. `attempts` counts the attempt under way. */
export interface OutboxEvent {
  id: string;
  registry: string;
  schema: string;
  /** The event's JSON text exactly as accepted. */
  event: string;
  attempts: number;
  createdAt: Date;
}

/** The outbox as the forwarder uses it (`@schemagate/db`'s `createOutboxForwarding` is one). */
export interface ForwarderOutbox {
  claim(limit: number, leaseMs: number): Promise<OutboxEvent[]>;
  markForwarded(ids: readonly string[]): Promise<void>;
  reschedule(items: ReadonlyArray<{ id: string; error: string; delayMs: number }>): Promise<void>;
  moveToDeadLetters(items: ReadonlyArray<{ id: string; error: string }>): Promise<void>;
}

/** Counters the server turns into Prometheus metrics. */
export interface ForwarderMetrics {
  /** Events EventBridge accepted. */
  forwarded?(count: number): void;
  /** Entries that failed: refused by EventBridge one by one, in a call that failed, or never sendable. */
  failedEntries?(count: number): void;
  /** Events given up on and moved to dead letters. */
  deadLettered?(count: number): void;
}

export interface ForwarderLog {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Options for {@link createForwarder}. */
export interface ForwarderOptions {
  outbox: ForwarderOutbox;
  /** An EventBridge client; give it `maxAttempts: 1`, since the forwarder retries through the outbox itself. */
  client: Pick<EventBridgeClient, 'send'>;
  /** The bus every entry goes to. */
  eventBus: string;
  /** Attempts per event, the first included; after the last failed one it moves to dead letters. Default 20. */
  maxAttempts?: number;
  /**
   * Rows claimed at a time. Default 300: a bigger claim spreads its two round trips to the outbox over more
   * events (100 gave ~6,600 events/s against the loopback emulator, 300 with 30 calls at once ~18,000). A process
   * killed mid-way sends again at most this many events.
   */
  claimBatch?: number;
  /** How long a claim holds its rows; a forwarder that died gives them up when it runs out. Default 30 s. */
  leaseMs?: number;
  /**
   * The wait after finding nothing to do. Default 500 ms. With {@link Forwarder.wake} called on every write of the
   * outbox this is only the fallback (a missed notification, a retry whose backoff ran out), and may be longer.
   */
  idleDelayMs?: number;
  /** A failed event waits random(0, min(maxMs, baseMs * 2^(attempts - 1))) before its next attempt. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** PutEvents calls in flight at once. Default 30 (a claim of 300 small events at once). */
  concurrency?: number;
  metrics?: ForwarderMetrics;
  log?: ForwarderLog;
  /** In [0, 1); injectable so the jitter is reproducible. */
  random?: () => number;
}

export interface Forwarder {
  /** Starts the loop; calling it again while it runs does nothing. */
  start(): void;
  /** Stops claiming, waits for the claim in flight (its calls and their acknowledgements), then resolves. */
  stop(): Promise<void>;
  /** One claim, sent and settled; resolves to the number of events claimed. The loop is this, repeated. */
  forwardOnce(): Promise<number>;
  /**
   * New rows are in the outbox: claim now instead of after the idle wait. Calls while a claim is under way make
   * one more claim follow it (the rows may have committed after it looked), however many there were.
   */
  wake(): void;
}

/** Per-entry codes EventBridge documents as worth retrying; any other one is the entry's own fault. */
const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set(['ThrottlingException', 'InternalFailure']);

type Outcome =
  | { id: string; ok: true }
  | { id: string; ok: false; error: string; retryable: boolean; attempts: number };

interface Sendable {
  row: OutboxEvent;
  entry: PutEventsEntryFields;
  size: number;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The forwarder of the transactional outbox: claims accepted events (leased, `FOR UPDATE SKIP LOCKED`, so every
 * replica runs one), sends them with PutEvents in calls of at most 10 entries and 256 KiB, deletes what
 * EventBridge accepted, and puts failed entries and failed calls back with exponential backoff and full jitter.
 * An event that fails `maxAttempts` times, or that EventBridge can never take (too large, refused for its content),
 * moves to dead letters with its last error. Delivery is at least once: a process killed between a call and its
 * acknowledgement sends that call's events again once their lease runs out, and only those.
 *
 * @example
 * const forwarder = createForwarder({
 *   outbox: createOutboxForwarding(db),
 *   client: new EventBridgeClient({ maxAttempts: 1 }),
 *   eventBus: 'default',
 * });
 * forwarder.start();
 * // on shutdown
 * await forwarder.stop();
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const { outbox, client, eventBus, metrics = {}, log } = options;
  const maxAttempts = options.maxAttempts ?? 20;
  const claimBatch = options.claimBatch ?? 300;
  const leaseMs = options.leaseMs ?? 30_000;
  const idleDelayMs = options.idleDelayMs ?? 500;
  const concurrency = options.concurrency ?? 30;
  const policy = {
    baseDelayMs: options.backoff?.baseMs ?? 200,
    maxDelayMs: options.backoff?.maxMs ?? 300_000,
    random: options.random ?? Math.random,
  };

  /** An event that cannot become an entry, or whose entry is over a whole call, is never sendable. */
  function prepare(row: OutboxEvent): Sendable | { row: OutboxEvent; problem: string } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.event);
    } catch {
      return { row, problem: 'the stored event is not JSON' };
    }
    const context = { eventBus, registry: row.registry, schema: row.schema, acceptedAt: row.createdAt };
    const prepared = forwardableEntry(parsed, context, row.event);
    return 'problem' in prepared ? { row, problem: prepared.problem } : { row, ...prepared };
  }

  async function send(batch: Sendable[]): Promise<Outcome[]> {
    try {
      const answer = await client.send(new PutEventsCommand({ Entries: batch.map((item) => item.entry) }));
      return batch.map(({ row }, position) => {
        const result = answer.Entries?.[position];
        if (result?.EventId && !result.ErrorCode) return { id: row.id, ok: true };
        const code = result?.ErrorCode ?? 'MissingResultEntry';
        return {
          id: row.id,
          ok: false,
          error: `${code}: ${result?.ErrorMessage ?? 'PutEvents answered no result for this entry'}`,
          // an entry without an answer is one EventBridge did not look at: worth another try
          retryable: RETRYABLE_ENTRY_CODES.has(code) || result?.ErrorCode === undefined,
          attempts: row.attempts,
        };
      });
    } catch (error) {
      // a call refused as a whole (throttled, unreachable, not allowed, no such bus) says nothing against its
      // events: each is tried again, and lands in dead letters only when its attempts run out
      noteCallFailure(error);
      const text = describe(error);
      return batch.map(({ row }) => ({
        id: row.id,
        ok: false,
        error: text,
        retryable: true,
        attempts: row.attempts,
      }));
    }
  }

  // one line per kind of failed call and minute: a long outage must not flood the log
  const lastLogged = new Map<string, number>();
  function noteCallFailure(error: unknown) {
    const key = error instanceof Error ? error.name : 'Error';
    const now = Date.now();
    if ((lastLogged.get(key) ?? 0) + 60_000 > now) return;
    lastLogged.set(key, now);
    const hint = isRetryableAwsError(error)
      ? ''
      : ' (not a transient error: check the bus, region and credentials)';
    log?.error(`forwarder: a PutEvents call failed${hint}; its events will be tried again`, error);
  }

  async function sendAll(batches: Sendable[][]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, batches.length) }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        outcomes.push(...(await send(batch)));
      }
    });
    await Promise.all(lanes);
    return outcomes;
  }

  async function forwardOnce(): Promise<number> {
    const rows = await outbox.claim(claimBatch, leaseMs);
    if (rows.length === 0) return 0;
    const sendable: Sendable[] = [];
    const dead: Array<{ id: string; error: string }> = [];
    for (const row of rows) {
      const prepared = prepare(row);
      if ('problem' in prepared)
        dead.push({ id: row.id, error: `cannot be sent to EventBridge: ${prepared.problem}` });
      else sendable.push(prepared);
    }
    const outcomes = await sendAll(planPutEventsBatches(sendable, (item) => item.size));

    const forwarded: string[] = [];
    const retry: Array<{ id: string; error: string; delayMs: number }> = [];
    for (const outcome of outcomes) {
      if (outcome.ok) forwarded.push(outcome.id);
      else if (outcome.retryable && outcome.attempts < maxAttempts)
        retry.push({
          id: outcome.id,
          error: outcome.error,
          delayMs: fullJitterDelay(outcome.attempts - 1, policy),
        });
      else
        dead.push({
          id: outcome.id,
          error: outcome.retryable
            ? `${outcome.error} (gave up after ${outcome.attempts} attempts)`
            : outcome.error,
        });
    }
    // acknowledging first: it is what keeps a crash from sending these again
    await outbox.markForwarded(forwarded);
    await Promise.all([outbox.reschedule(retry), outbox.moveToDeadLetters(dead)]);
    if (forwarded.length) metrics.forwarded?.(forwarded.length);
    const failed = outcomes.length - forwarded.length + (rows.length - sendable.length);
    if (failed) metrics.failedEntries?.(failed);
    if (dead.length) metrics.deadLettered?.(dead.length);
    return rows.length;
  }

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  // set by wake(), cleared before each claim: a wake-up during a claim that found nothing is not lost
  let woken = false;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function loop() {
    let storageFailures = 0;
    while (!stopping) {
      try {
        woken = false;
        const claimed = await forwardOnce();
        if (storageFailures > 0) log?.info('forwarder: the outbox answers again');
        storageFailures = 0;
        if (claimed === 0 && !stopping && !woken) await pause(idleDelayMs);
      } catch (error) {
        // the outbox is unreachable (storage down): what was claimed stays leased and comes back by itself
        if (storageFailures === 0) log?.error('forwarder: the outbox is unavailable; retrying', error);
        storageFailures += 1;
        if (!stopping) await pause(Math.min(5000, idleDelayMs * 2 ** Math.min(storageFailures, 4)));
      }
    }
  }

  return {
    start() {
      if (running) return;
      stopping = false;
      running = loop().finally(() => {
        running = undefined;
      });
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
    forwardOnce,
    wake() {
      woken = true;
      wake?.();
    },
  };
}
