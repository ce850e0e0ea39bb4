/**
 * How an event becomes an EventBridge PutEvents entry, what the entry weighs, and how entries are packed into
 * calls: written once for the SDK's producer, the gate's door check and the server's forwarder. Pure: the types
 * are structural copies of the AWS SDK's `PutEventsRequestEntry`, so core needs no AWS package.
 */
import { isPlainObject } from './dialect.ts';
import { eventRoute } from './gate.ts';
import { memberText } from './json-text.ts';

/** EventBridge's limits on one PutEvents call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/** A PutEvents request entry: assignable to the AWS SDK's `PutEventsRequestEntry`. */
export interface PutEventsEntryFields {
  EventBusName?: string;
  Source: string;
  DetailType: string;
  /** JSON text of an object. */
  Detail: string;
  Time?: Date;
  Resources?: string[];
}

/** An EventBridge event as producers write it; EventBridge assigns `id`, `account` and `region` itself. */
export interface PublishableEvent {
  source: string;
  'detail-type': string;
  detail: unknown;
  resources?: string[];
  time?: string;
  [field: string]: unknown;
}

export type PutEventsEntryResult = { entry: PutEventsEntryFields } | { problem: string };

function isPublishable(event: unknown): event is PublishableEvent {
  return (
    isPlainObject(event) &&
    typeof event.source === 'string' &&
    typeof event['detail-type'] === 'string' &&
    Object.hasOwn(event, 'detail')
  );
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * The entry for an EventBridge envelope: `source`, `detail-type`, `detail` (as JSON text), `time` and
 * `resources` map to their fields; EventBridge fills in `id`, `account` and `region`, so they are not sent.
 * `text`, the event's JSON text as written, gives the `detail` text as written (digits past a double's kept).
 */
export function eventBridgeEntry(event: unknown, eventBus: string, text?: string): PutEventsEntryResult {
  if (!isPublishable(event))
    return { problem: 'an event needs string `source` and `detail-type` and a `detail`' };
  if (!isPlainObject(event.detail)) return { problem: 'EventBridge takes only a JSON object as `detail`' };
  const entry: PutEventsEntryFields = {
    EventBusName: eventBus,
    Source: event.source,
    DetailType: event['detail-type'],
    Detail: (text === undefined ? undefined : memberText(text, 'detail')) ?? JSON.stringify(event.detail),
  };
  if (event.resources !== undefined) {
    if (!Array.isArray(event.resources) || !event.resources.every((r) => typeof r === 'string'))
      return { problem: '`resources` must be an array of strings' };
    entry.Resources = event.resources;
  }
  if (event.time !== undefined) {
    const time = dateOf(event.time);
    if (!time) return { problem: '`time` is not a date' };
    entry.Time = time;
  }
  return { entry };
}

/** Where an accepted event came in: what an event without an envelope of its own is sent as. */
export interface AcceptedEventContext {
  eventBus: string;
  registry: string;
  schema: string;
  /** When the gate accepted it: the entry's `Time` when the event carries none. */
  acceptedAt?: Date;
}

/**
 * The entry the gate forwards for an accepted event, by the same rule that routed it to its schema:
 *
 * - an EventBridge envelope (`source`, `detail-type`): as {@link eventBridgeEntry}, `detail` as written;
 * - a CloudEvent (`specversion`, `type`): Source = `source`, DetailType = `type`, Detail = the whole CloudEvent
 *   (so a consumer keeps `id` to deduplicate on, `subject`, `datacontenttype` and extensions), Time = `time`;
 *   CloudEvents' `data_base64` and non-JSON `data` travel inside the Detail as they came;
 * - any other JSON object: Source = `schemagate.<registry>`, DetailType = the schema's name, Detail = the event.
 *
 * `Time` is the event's own when it has a valid one, else the time of acceptance, so a backlog forwarded late
 * keeps its real times. `text` is the event's JSON text as accepted: used verbatim as Detail where the whole
 * event is the Detail, so what a consumer receives is byte for byte what the producer sent.
 */
export function acceptedEventEntry(
  event: unknown,
  context: AcceptedEventContext,
  text: string = JSON.stringify(event),
): PutEventsEntryResult {
  const route = eventRoute(event);
  const fallbackTime = context.acceptedAt ? { Time: context.acceptedAt } : {};
  if (route?.by === 'envelope') {
    const mapped = eventBridgeEntry(event, context.eventBus, text);
    if ('problem' in mapped || mapped.entry.Time) return mapped;
    return { entry: { ...mapped.entry, ...fallbackTime } };
  }
  if (!isPlainObject(event)) return { problem: 'EventBridge takes only a JSON object as an event' };
  if (route?.by === 'cloudevent') {
    if (typeof event.source !== 'string' || event.source === '')
      return { problem: 'a CloudEvent needs a string `source`' };
    const time = event.time === undefined ? undefined : dateOf(event.time);
    if (event.time !== undefined && !time) return { problem: 'the CloudEvent `time` is not a date' };
    return {
      entry: {
        EventBusName: context.eventBus,
        Source: event.source,
        DetailType: route.type,
        Detail: text,
        ...(time ? { Time: time } : fallbackTime),
      },
    };
  }
  return {
    entry: {
      EventBusName: context.eventBus,
      Source: `schemagate.${context.registry}`,
      DetailType: context.schema,
      Detail: text,
      ...fallbackTime,
    },
  };
}

/** UTF-8 length of a string without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // a surrogate pair: two UTF-16 units, four bytes
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * An entry's size as EventBridge counts it against the 256 KiB of a PutEvents call: the UTF-8 bytes of Source,
 * DetailType, Detail and each Resource, plus 14 bytes for Time when present (EventBusName is not counted).
 */
export function putEventsEntrySize(
  entry: Pick<PutEventsEntryFields, 'Source' | 'DetailType' | 'Detail' | 'Resources'> & { Time?: unknown },
): number {
  let size = entry.Time ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (text !== undefined) size += utf8Length(text);
  }
  return size;
}

/**
 * Why an entry can never be sent, or undefined: one over the byte limit of a whole call is refused by EventBridge
 * whatever else is in the call. The gate refuses such an event at the door, the forwarder dead-letters it.
 */
export function entryTooLarge(size: number, maxBytes = PUT_EVENTS_MAX_BYTES): string | undefined {
  if (size <= maxBytes) return undefined;
  return `the EventBridge entry would be ${size} bytes; one PutEvents call takes at most ${maxBytes} (Source, DetailType, Detail and Resources in UTF-8, 14 for Time)`;
}

/**
 * The entry the forwarder will send for an accepted event and its size, or why it can never be sent: the event
 * cannot be an entry (see {@link acceptedEventEntry}) or its entry is over a whole call (see {@link entryTooLarge}).
 * The gate asks this at the door, to refuse with a 4xx what the forwarder could only move to dead letters.
 */
export function forwardableEntry(
  event: unknown,
  context: AcceptedEventContext,
  text?: string,
): { entry: PutEventsEntryFields; size: number } | { problem: string } {
  const mapped = acceptedEventEntry(event, context, text);
  if ('problem' in mapped) return mapped;
  const size = putEventsEntrySize(mapped.entry);
  const tooLarge = entryTooLarge(size);
  return tooLarge ? { problem: tooLarge } : { entry: mapped.entry, size };
}

/**
 * Packs items, in order, into PutEvents calls of at most `maxEntries` items and `maxBytes` in total. Order is
 * kept so that a retry of the same items makes the same calls; an item over `maxBytes` on its own must be taken
 * out first (see {@link entryTooLarge}).
 */
export function planPutEventsBatches<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: { maxEntries: number; maxBytes: number } = {
    maxEntries: PUT_EVENTS_MAX_ENTRIES,
    maxBytes: PUT_EVENTS_MAX_BYTES,
  },
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (
      current.length > 0 &&
      (current.length >= limits.maxEntries || currentBytes + size > limits.maxBytes)
    ) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
