import { randomUUID } from 'node:crypto';
import { PUT_EVENTS_MAX_BYTES, PUT_EVENTS_MAX_ENTRIES, putEventsEntrySize } from '@schemagate/core';
import { type Context, Hono } from 'hono';
import type { PutEventsEntry, PutEventsFaults } from './put-events-faults.ts';

export { PUT_EVENTS_MAX_BYTES, PUT_EVENTS_MAX_ENTRIES };

/** An event the emulator accepted, in arrival order. */
export interface AcceptedEvent {
  eventId: string;
  eventBusName: string;
  source: string;
  detailType: string;
  detail: unknown;
  resources: string[];
  time?: number | string;
  receivedAt: Date;
}

/** One PutEvents call as the emulator received it, with what it answered for each entry. */
export interface PutEventsCall {
  receivedAt: Date;
  /** Refused as a whole with ThrottlingException (its entries were not looked at). */
  throttled: boolean;
  entries: Array<{ entry: PutEventsEntry; eventId?: string; errorCode?: string }>;
}

const TARGET_PREFIX = 'AWSEvents.';

/**
 * EventBridge's JSON 1.1 endpoint (`POST /`, `X-Amz-Target: AWSEvents.PutEvents`). Only PutEvents is
 * implemented; other targets answer UnknownOperationException as the service does for bad targets.
 */
export function createPutEventsApi(
  faults: PutEventsFaults,
  accepted: AcceptedEvent[],
  calls: PutEventsCall[] = [],
): Hono {
  const api = new Hono();

  api.post('/', async (c) => {
    const target = c.req.header('x-amz-target') ?? '';
    if (!target.startsWith(TARGET_PREFIX)) {
      return jsonError(c, 'UnknownOperationException', `Unknown target '${target}'.`);
    }
    if (target !== `${TARGET_PREFIX}PutEvents`) {
      return jsonError(c, 'UnknownOperationException', `The emulator does not implement ${target}.`);
    }
    if (faults.takeRequestThrottle()) {
      calls.push({ receivedAt: new Date(), throttled: true, entries: [] });
      return jsonError(c, 'ThrottlingException', 'Rate exceeded');
    }

    const text = await c.req.text();
    let body: { Entries?: unknown };
    try {
      body = JSON.parse(text) as { Entries?: unknown };
    } catch {
      return jsonError(c, 'SerializationException', 'The request body is not valid JSON.');
    }
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      return jsonError(c, 'ValidationException', 'Entries must hold 1 to 10 entries.');
    }
    if (entries.length > PUT_EVENTS_MAX_ENTRIES) {
      return jsonError(
        c,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${PUT_EVENTS_MAX_ENTRIES}`,
      );
    }
    // counted as EventBridge counts it: the entries' fields, not the JSON around them
    const size = (entries as PutEventsEntry[]).reduce(
      (total, entry) =>
        total +
        putEventsEntrySize({
          Source: typeof entry.Source === 'string' ? entry.Source : '',
          DetailType: typeof entry.DetailType === 'string' ? entry.DetailType : '',
          Detail: typeof entry.Detail === 'string' ? entry.Detail : '',
          Resources: Array.isArray(entry.Resources)
            ? entry.Resources.filter((r) => typeof r === 'string')
            : [],
          Time: entry.Time,
        }),
      0,
    );
    if (size > PUT_EVENTS_MAX_BYTES) {
      return jsonError(
        c,
        'ValidationException',
        `Total size of the entries exceeds ${PUT_EVENTS_MAX_BYTES} bytes.`,
      );
    }

    let failed = 0;
    const call: PutEventsCall = { receivedAt: new Date(), throttled: false, entries: [] };
    calls.push(call);
    const results = (entries as PutEventsEntry[]).map((entry) => {
      const problem = entryProblem(entry) ?? faults.entryError(entry);
      if (problem) {
        failed += 1;
        call.entries.push({ entry, errorCode: problem.code });
        return { ErrorCode: problem.code, ErrorMessage: problem.message };
      }
      const eventId = randomUUID();
      const event: AcceptedEvent = {
        eventId,
        eventBusName: entry.EventBusName ?? 'default',
        source: entry.Source!,
        detailType: entry.DetailType!,
        detail: JSON.parse(entry.Detail!),
        resources: entry.Resources ?? [],
        receivedAt: new Date(),
      };
      if (entry.Time !== undefined) event.time = entry.Time;
      accepted.push(event);
      call.entries.push({ entry, eventId });
      return { EventId: eventId };
    });
    // the events are in; an answer held back leaves the caller with a call in flight
    if (faults.responseDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, faults.responseDelayMs));
    return c.json({ FailedEntryCount: failed, Entries: results }, 200, {
      'content-type': 'application/x-amz-json-1.1',
    });
  });

  return api;
}

function entryProblem(entry: PutEventsEntry): { code: string; message: string } | undefined {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
    return { code: 'InvalidArgument', message: 'Parameters Source, DetailType and Detail are required.' };
  }
  try {
    const detail: unknown = JSON.parse(entry.Detail);
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { code: 'MalformedDetail', message: 'Detail must be a JSON object.' };
    }
  } catch {
    return { code: 'MalformedDetail', message: 'Detail is malformed.' };
  }
  return undefined;
}

function jsonError(c: Context, type: string, message: string): Response {
  return c.json({ __type: type, message }, 400, { 'content-type': 'application/x-amz-json-1.1' });
}
