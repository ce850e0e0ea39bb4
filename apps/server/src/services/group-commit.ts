import {
  type AcceptedEvent,
  createDeadLetterStore,
  type Database,
  deleteOutboxEvents,
  insertOutboxEvents,
  type NewDeadLetter,
} from '@schemagate/db';
import {
  type CompletedRecord,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
} from '@schemagate/idempotency';

/** One request's writes: they commit together, or not at all. */
export interface GateWrite {
  /**
   * Runs first, inside the shared transaction (completing the request's idempotency record), beside the other
   * writes' (so it must not depend on them). Throwing
   * `IdempotencyLeaseLostError` fails this write alone, none of its rows kept; any other error fails the whole
   * group (a statement that failed has aborted the transaction).
   */
  complete?: (tx: Database) => Promise<void>;
  /**
   * The request's idempotency record already finished (a request that did not claim its key): written with the
   * group's records in one statement, beside the completions. When the key has a record already, this write's
   * rows are dropped and `submit` answers false: the request is settled by claiming its key after the commit.
   */
  record?: CompletedRecord;
  /** With their ids set: the request answers with them before they are written. */
  outbox?: AcceptedEvent[];
  deadLetters?: NewDeadLetter[];
}

interface Pending {
  write: GateWrite;
  resolve(written: boolean): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Groups committing at once, each on a connection of its own. */
  concurrency: number;
  /** Writes in one group at most. */
  maxGroup: number;
  /** Bounds one group's transaction (the storage deadline): past it every write of the group fails. */
  bounded<T>(work: Promise<T>): Promise<T>;
  /** Where writes' `record`s go (a store on the same database). */
  store: IdempotencyStore;
  /** Called once after each commit that kept outbox rows (whatever the number of rows and writes in it). */
  outboxWritten?: () => void;
}

/**
 * Writes of concurrent requests committed together: the requests that arrive while a transaction is under way go
 * into the next one, so a commit (and its wait for the disk) is shared by many events instead of paid by each. A
 * group's outbox rows and dead letters are one insert each. Every write keeps its own atomicity: its record, its
 * rows and its answer commit together or not at all.
 */
export class GroupCommit {
  readonly #db: Database;
  readonly #options: GroupCommitOptions;
  readonly #queue: Pending[] = [];
  #running = 0;

  constructor(db: Database, options: GroupCommitOptions) {
    this.#db = db;
    this.#options = options;
  }

  /**
   * Resolves once the write has committed: true, or false when its `record`'s key had a record already (nothing of
   * this write was written); rejects with why it did not commit.
   */
  submit(write: GateWrite): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#queue.push({ write, resolve, reject });
      if (this.#running < this.#options.concurrency) {
        this.#running++;
        // the requests of this turn of the event loop join the group
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, this.#options.maxGroup));
    } finally {
      this.#running--;
    }
  }

  async #commit(group: Pending[]): Promise<void> {
    const lost = new Map<Pending, unknown>();
    const taken = new Set<Pending>();
    let wroteOutbox = false;
    try {
      await this.#options.bounded(
        this.#db.transaction(async (transaction) => {
          const tx = transaction as unknown as Database;
          const fresh = group.filter((pending) => pending.write.record);
          const rows = group.flatMap((pending) =>
            (pending.write.outbox ?? []).map((row) => ({ pending, row })),
          );
          // the records, their completions and the outbox rows go out together (postgres.js pipelines them on the
          // transaction's connection): the rows of a write that may not be kept (its key had a record, its lease
          // was lost) are rare, and taken back below, before anything commits
          const [recorded, outboxed, ...completed] = await Promise.allSettled([
            fresh.length > 0
              ? this.#options.store.insertCompleted(
                  fresh.map((pending) => pending.write.record!),
                  tx,
                )
              : Promise.resolve([]),
            insertOutboxEvents(
              tx,
              rows.map((r) => r.row),
            ),
            ...group.map((pending) => pending.write.complete?.(tx)),
          ]);
          if (recorded!.status === 'rejected') throw recorded!.reason;
          if (outboxed!.status === 'rejected') throw outboxed!.reason;
          (recorded!.value as boolean[]).forEach((written, i) => {
            if (!written) taken.add(fresh[i]!);
          });
          const kept: Pending[] = [];
          for (const [i, outcome] of completed.entries()) {
            const pending = group[i]!;
            if (outcome.status === 'rejected') {
              if (outcome.reason instanceof IdempotencyLeaseLostError) lost.set(pending, outcome.reason);
              else throw outcome.reason;
            } else if (!taken.has(pending)) kept.push(pending);
          }
          const keeps = new Set(kept);
          wroteOutbox = kept.some((pending) => (pending.write.outbox?.length ?? 0) > 0);
          await deleteOutboxEvents(
            tx,
            (outboxed!.value as string[]).filter((_, n) => !keeps.has(rows[n]!.pending)),
          );
          await createDeadLetterStore(tx).insert(kept.flatMap((p) => p.write.deadLetters ?? []));
        }),
      );
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    if (wroteOutbox) this.#options.outboxWritten?.();
    for (const pending of group) {
      const error = lost.get(pending);
      if (error === undefined) pending.resolve(!taken.has(pending));
      else pending.reject(error);
    }
  }
}
