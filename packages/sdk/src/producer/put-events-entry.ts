import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** An event to publish: an EventBridge envelope; EventBridge assigns `id`, `account` and `region` itself. */
export interface PublishableEvent {
  source: string;
  'detail-type': string;
  detail: unknown;
  resources?: string[];
  time?: string;
  [field: string]: unknown;
}

function isPublishable(event: unknown): event is PublishableEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return typeof e.source === 'string' && typeof e['detail-type'] === 'string' && 'detail' in e;
}

/** The PutEvents entry for `event`, or why it cannot be one. */
export function toPutEventsEntry(
  event: unknown,
  busName: string,
): { entry: PutEventsRequestEntry } | { problem: string } {
  if (!isPublishable(event))
    return { problem: 'an event needs string `source` and `detail-type` and a `detail`' };
  const entry: PutEventsRequestEntry = {
    EventBusName: busName,
    Source: event.source,
    DetailType: event['detail-type'],
    Detail: JSON.stringify(event.detail),
  };
  if (Array.isArray(event.resources)) entry.Resources = event.resources;
  if (typeof event.time === 'string') {
    const time = new Date(event.time);
    if (Number.isNaN(time.getTime())) return { problem: '`time` is not a date' };
    entry.Time = time;
  }
  return { entry };
}

/**
 * An entry's size as EventBridge counts it against the 256 KiB PutEvents limit: UTF-8 bytes of
 * Source, DetailType, Detail and each Resource, plus 14 bytes for Time when present.
 */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (text !== undefined) size += Buffer.byteLength(text, 'utf8');
  }
  return size;
}
