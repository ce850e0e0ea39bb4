import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { outbox } from '../schema/index.ts';

/** Crockford's base32: no I, L, O or U, and its digits sort in the order of their values. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;

/** The last id made in this process: ids of one millisecond count up from it. */
let lastTime = -1;
let lastRandom = 0n;
const RANDOM_MAX = (1n << BigInt(RANDOM_BYTES * 8)) - 1n;

function encode(value: bigint, chars: number): string {
  let text = '';
  for (let i = 0; i < chars; i++) {
    text = ALPHABET[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

/**
 * A new id for an outbox row or a dead letter: 10 characters of the time in milliseconds, then 16 of randomness
 * (80 bits), in base32 (the ULID layout). Ids sort by the time they were made, so the oldest rows come first in
 * an index on the id, and replicas never need to agree on a counter. Within one process ids only grow: one made
 * in the same millisecond as the last (or while the clock stepped back) is the last one plus one.
 *
 * @example
 * newEventId(); // '01JE6Y8Q3M7K4V2N9T0B5X1C8D'
 */
export function newEventId(now: number = Date.now()): string {
  const time = Math.max(0, Math.floor(now));
  if (time > lastTime || lastRandom === RANDOM_MAX) {
    lastTime = Math.max(time, lastTime + (lastRandom === RANDOM_MAX ? 1 : 0));
    lastRandom = BigInt(`0x${randomBytes(RANDOM_BYTES).toString('hex')}`) >> 1n;
  } else {
    lastRandom++;
  }
  return encode(BigInt(lastTime), TIME_CHARS) + encode(lastRandom, 16);
}

/** The time an id was made at (see {@link newEventId}). */
export function eventIdTime(id: string): Date {
  let ms = 0;
  for (const c of id.slice(0, TIME_CHARS)) ms = ms * 32 + ALPHABET.indexOf(c);
  return new Date(ms);
}

/** An event accepted by the gate, to be forwarded. */
export interface AcceptedEvent {
  /** Its id, when the caller needed it before the insert (to answer with it); a new {@link newEventId} else. */
  id?: string;
  registry: string;
  schema: string;
  version: number;
  /** The event's JSON text. */
  event: string;
  idempotencyKey?: string | null;
}

/**
 * Writes accepted events to the outbox; pass the transaction that also completes their idempotency records, so
 * that an event is in the outbox exactly when its 202 is on record. Answers the new rows' ids, in order.
 */
export async function insertOutboxEvents(db: Database, events: readonly AcceptedEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = events.map((e) => e.id ?? newEventId());
  const column = <T>(value: (e: AcceptedEvent, i: number) => T) => sql.param(events.map(value));
  // one array a column: the statement's text is the same for any number of rows, so it is prepared once per
  // connection (named: postgres.js sends it parsed and described only the first time; a values list would be a
  // new statement for every count), with seven parameters whatever the count. The select yields every column in
  // the table's order, as an insert ... select names them all. Times go as text: drizzle hands postgres.js
  // timestamps as they are, which leaves it no serializer for an array of them
  await db
    .insert(outbox)
    .select(
      sql`select id, registry, schema, version, event, idempotency_key, 0, now(), null, created_at
        from unnest(${sql.param(ids)}::text[], ${column((e) => e.registry)}::text[], ${column((e) => e.schema)}::text[],
          ${column((e) => e.version)}::int[], ${column((e) => e.event)}::text[],
          ${column((e) => e.idempotencyKey ?? null)}::text[],
          ${column((_, i) => eventIdTime(ids[i]!).toISOString())}::text[]::timestamptz[])
          as r(id, registry, schema, version, event, idempotency_key, created_at)`,
    )
    .prepare('schemagate_outbox_insert')
    .execute();
  return ids;
}

/**
 * Takes back outbox rows this transaction wrote (a writer that inserted its rows before it knew whether it may:
 * see the gate's group commit); rows of other transactions are never meant.
 */
export async function deleteOutboxEvents(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`delete from ${outbox} where id = any(${sql.param(ids)}::text[])`);
}
