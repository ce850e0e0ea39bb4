import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import type { deadLetterReasons } from '../schema/allowed-values.ts';
import { deadLetters } from '../schema/index.ts';
import { eventIdTime, insertOutboxEvents, newEventId } from './outbox-writes.ts';
import { foreignCursor } from './text-cursor.ts';

export type DeadLetterReason = (typeof deadLetterReasons)[number];

/** Dead letters per insert statement (a values list: its parameters grow with its rows). */
const INSERT_CHUNK = 1000;

/** An event kept aside, as the server reads it. */
export interface DeadLetter {
  id: string;
  reason: DeadLetterReason;
  registry: string;
  schema: string | null;
  version: number | null;
  /** The event's JSON text. */
  event: string;
  /** The validation errors that kept it out (`[]` for a failed forward). */
  errors: unknown[];
  idempotencyKey: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export interface NewDeadLetter {
  /** Its id, when the caller needed it before the insert; a new `newEventId()` else. */
  id?: string;
  reason: DeadLetterReason;
  registry: string;
  schema?: string | null;
  version?: number | null;
  event: string;
  errors?: unknown[];
  idempotencyKey?: string | null;
  attempts?: number;
  lastError?: string | null;
}

/** Which dead letters a listing or a bulk replay takes; every member narrows. */
export interface DeadLetterFilter {
  registry?: string;
  /** Only these registries (a key limited to some): an empty list matches nothing. */
  registries?: readonly string[];
  schema?: string;
  reason?: DeadLetterReason;
}

/** A dead letter that passed its re-validation, and the version it passed. */
export interface DeadLetterMove {
  id: string;
  schema: string;
  version: number;
}

type DeadLetterRecord = typeof deadLetters.$inferSelect;

const deadLetterRow = (r: DeadLetterRecord): DeadLetter => ({
  id: r.id,
  reason: r.reason as DeadLetterReason,
  registry: r.registry,
  schema: r.schema,
  version: r.version,
  event: r.event,
  errors: Array.isArray(r.errors) ? r.errors : [],
  idempotencyKey: r.idempotencyKey,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt,
});

/**
 * A cursor holds the last row's `created_at` as Postgres prints it (microseconds, which a JS Date would lose)
 * and its id: the listing goes on strictly after that pair.
 */
const encodeCursor = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw foreignCursor();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    typeof value[1] !== 'string' ||
    !/^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?$/.test(value[0]) ||
    !/^[0-9A-Z]{1,64}$/.test(value[1]) ||
    encodeCursor(value[0], value[1]) !== cursor
  ) {
    throw foreignCursor();
  }
  return [value[0], value[1]];
}

function filterClause(filter: DeadLetterFilter): SQL | undefined {
  return and(
    filter.registry !== undefined ? eq(deadLetters.registry, filter.registry) : undefined,
    filter.registries !== undefined
      ? filter.registries.length > 0
        ? inArray(deadLetters.registry, [...filter.registries])
        : sql`false`
      : undefined,
    filter.schema !== undefined ? eq(deadLetters.schema, filter.schema) : undefined,
    filter.reason !== undefined ? eq(deadLetters.reason, filter.reason) : undefined,
  );
}

/**
 * Dead letters on drizzle, the same queries on PGlite and Postgres. Pass a transaction to write inside it (the
 * gate writes an invalid event's dead letter in the transaction that completes its idempotency record).
 */
export function createDeadLetterStore(db: Database) {
  return {
    /** Keeps events aside; answers their new ids, in order. */
    async insert(letters: readonly NewDeadLetter[]): Promise<string[]> {
      if (letters.length === 0) return [];
      const rows = letters.map((l) => {
        const id = l.id ?? newEventId();
        return {
          id,
          // the id's time, so that rows of one millisecond list in the order their ids were made
          createdAt: eventIdTime(id),
          reason: l.reason,
          registry: l.registry,
          schema: l.schema ?? null,
          version: l.version ?? null,
          event: l.event,
          errors: l.errors ?? [],
          idempotencyKey: l.idempotencyKey ?? null,
          attempts: l.attempts ?? 0,
          lastError: l.lastError ?? null,
        };
      });
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await db.insert(deadLetters).values(rows.slice(i, i + INSERT_CHUNK));
      }
      return rows.map((r) => r.id);
    },

    /** A page of dead letters, oldest first, after `cursor` when given. */
    async list(
      filter: DeadLetterFilter,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: DeadLetter[]; nextCursor?: string }> {
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const rows = await db
        .select({ row: deadLetters, createdAtText: sql<string>`${deadLetters.createdAt}::text` })
        .from(deadLetters)
        .where(
          and(
            filterClause(filter),
            after
              ? sql`(${deadLetters.createdAt}, ${deadLetters.id}) > (${after[0]}::timestamptz, ${after[1]})`
              : undefined,
          ),
        )
        .orderBy(asc(deadLetters.createdAt), asc(deadLetters.id))
        // one more than a page tells whether another page follows
        .limit(page.limit + 1);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items: items.map((r) => deadLetterRow(r.row)),
        ...(rows.length > page.limit && last
          ? { nextCursor: encodeCursor(last.createdAtText, last.row.id) }
          : {}),
      };
    },

    async get(id: string): Promise<DeadLetter | undefined> {
      const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id)).limit(1);
      return row ? deadLetterRow(row) : undefined;
    },

    /** False when there was no such dead letter. */
    async delete(id: string): Promise<boolean> {
      const rows = await db
        .delete(deadLetters)
        .where(eq(deadLetters.id, id))
        .returning({ id: deadLetters.id });
      return rows.length > 0;
    },

    /** How many dead letters there are of each reason (every reason named, 0 included), for the gauge. */
    async countByReason(): Promise<Record<DeadLetterReason, number>> {
      const rows = await db
        .select({ reason: deadLetters.reason, count: sql<number>`count(*)::int` })
        .from(deadLetters)
        .groupBy(deadLetters.reason);
      const counts: Record<DeadLetterReason, number> = { invalid: 0, forward_failed: 0 };
      for (const r of rows) counts[r.reason as DeadLetterReason] = Number(r.count);
      return counts;
    },

    /**
     * Moves dead letters that passed their re-validation to the outbox, in one transaction: each is deleted and
     * an outbox row made of it, under the schema and version it passed. One that is gone meanwhile (deleted,
     * or replayed by another request) is skipped. Answers the outbox id of each one moved, by dead-letter id.
     */
    async moveToOutbox(moves: readonly DeadLetterMove[]): Promise<Map<string, string>> {
      if (moves.length === 0) return new Map();
      return db.transaction(async (tx) => {
        const taken = await tx
          .delete(deadLetters)
          .where(
            inArray(
              deadLetters.id,
              moves.map((m) => m.id),
            ),
          )
          .returning();
        const byId = new Map(taken.map((row) => [row.id, row]));
        const moved = moves.filter((m) => byId.has(m.id));
        const ids = await insertOutboxEvents(
          tx as unknown as Database,
          moved.map((m) => {
            const row = byId.get(m.id)!;
            return {
              registry: row.registry,
              schema: m.schema,
              version: m.version,
              event: row.event,
              idempotencyKey: row.idempotencyKey,
            };
          }),
        );
        return new Map(moved.map((m, i) => [m.id, ids[i]!]));
      });
    },

    /** Records the errors of a re-validation that failed again, and the version it was judged against. */
    async recordErrors(
      updates: readonly { id: string; errors: unknown[]; schema: string | null; version: number | null }[],
    ): Promise<void> {
      if (updates.length === 0) return;
      await db.transaction(async (tx) => {
        for (const u of updates) {
          await tx
            .update(deadLetters)
            .set({ errors: u.errors, schema: u.schema, version: u.version })
            .where(eq(deadLetters.id, u.id));
        }
      });
    },
  };
}

export type DeadLetterStore = ReturnType<typeof createDeadLetterStore>;
