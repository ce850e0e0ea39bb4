import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { deadLetters, outbox } from '../schema/index.ts';

/** An outbox row a forwarder holds under a lease. `attempts` counts this attempt. */
export interface ClaimedEvent {
  id: string;
  registry: string;
  schema: string;
  version: number;
  /** The event's JSON text exactly as accepted. */
  event: string;
  idempotencyKey: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** A claimed event to try again later. */
export interface Reschedule {
  id: string;
  error: string;
  delayMs: number;
}

/** What the outbox gauges show. */
export interface OutboxStats {
  pending: number;
  /** When the oldest event still in the outbox was accepted; null when the outbox is empty. */
  oldestCreatedAt: Date | null;
}

const claimedColumns = {
  id: outbox.id,
  registry: outbox.registry,
  schema: outbox.schema,
  version: outbox.version,
  event: outbox.event,
  idempotencyKey: outbox.idempotencyKey,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
};

const milliseconds = (ms: number): SQL =>
  sql`(${Math.max(0, Math.round(ms))}::int * interval '1 millisecond')`;

/**
 * The forwarding side of the outbox: forwarders in every replica claim rows with `FOR UPDATE SKIP LOCKED`, so
 * two never hold the same row, and a claim is a lease: it moves `available_at` past the lease, so the rows of a
 * forwarder that died become claimable again once its lease runs out, with nothing to clean up.
 */
export function createOutboxForwarding(db: Database) {
  return {
    /**
     * Claims up to `limit` rows that are due, oldest first, for `leaseMs`, counting an attempt on each. One
     * statement: the rows are locked, leased and returned together.
     */
    async claim(limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
      const rows = await db
        .update(outbox)
        .set({ availableAt: sql`now() + ${milliseconds(leaseMs)}`, attempts: sql`${outbox.attempts} + 1` })
        .where(
          sql`${outbox.id} in (select ${outbox.id} from ${outbox} where ${outbox.availableAt} <= now() order by ${outbox.availableAt}, ${outbox.id} limit ${limit} for update skip locked)`,
        )
        .returning(claimedColumns);
      // UPDATE ... RETURNING comes back in no particular order; forwarding keeps acceptance order where it can
      return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    /** Forwarded: the rows go. */
    async markForwarded(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db.delete(outbox).where(inArray(outbox.id, [...ids]));
    },

    /** Tries these again after their delay, keeping the error for the next look (and for a dead letter). */
    async reschedule(items: readonly Reschedule[]): Promise<void> {
      if (items.length === 0) return;
      const values = sql.join(
        items.map((item) => sql`(${item.id}::text, ${item.error}::text, ${milliseconds(item.delayMs)})`),
        sql`, `,
      );
      await db.execute(sql`
        update ${outbox} set available_at = now() + d.delay, last_error = d.error
        from (values ${values}) as d(id, error, delay)
        where ${outbox.id} = d.id`);
    },

    /**
     * Gives up on these: each moves to dead letters (reason `forward_failed`, same id, its attempts and this last
     * error) and leaves the outbox, in one statement so that a crash cannot lose it or keep it in both.
     */
    async moveToDeadLetters(items: ReadonlyArray<{ id: string; error: string }>): Promise<void> {
      if (items.length === 0) return;
      const values = sql.join(
        items.map((item) => sql`(${item.id}::text, ${item.error}::text)`),
        sql`, `,
      );
      await db.execute(sql`
        with failed(id, error) as (values ${values}),
        moved as (
          delete from ${outbox} o using failed where o.id = failed.id
          returning o.id, o.registry, o.schema, o.version, o.event, o.idempotency_key, o.attempts, failed.error
        )
        insert into ${deadLetters}
          (id, reason, registry, schema, version, event, errors, idempotency_key, attempts, last_error, created_at)
        select id, 'forward_failed', registry, schema, version, event, '[]'::jsonb, idempotency_key, attempts, error, now()
        from moved
        on conflict (id) do update set
          reason = excluded.reason, registry = excluded.registry, schema = excluded.schema,
          version = excluded.version, event = excluded.event, errors = excluded.errors,
          idempotency_key = excluded.idempotency_key, attempts = excluded.attempts,
          last_error = excluded.last_error, created_at = excluded.created_at`);
    },

    /** How many events wait and since when; a count and a min over the created_at index. */
    async stats(): Promise<OutboxStats> {
      const [row] = await db
        .select({
          pending: sql<number>`count(*)::int`.mapWith(Number),
          oldestCreatedAt: sql<Date | null>`min(${outbox.createdAt})`.mapWith(outbox.createdAt),
        })
        .from(outbox);
      return { pending: row?.pending ?? 0, oldestCreatedAt: row?.oldestCreatedAt ?? null };
    },
  };
}

export type OutboxForwarding = ReturnType<typeof createOutboxForwarding>;
