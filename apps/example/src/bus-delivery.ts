import type { AcceptedEvent } from '@schemagate/eventbridge';
import type { BusLocation } from './producer.ts';

/**
 * The message a rule target (an SQS queue, a Lambda) receives for an event the bus accepted: the
 * EventBridge envelope as JSON text, with the id EventBridge gave the event. The emulator records what
 * PutEvents accepted; this is the part of EventBridge that would deliver it.
 */
export function deliveredMessage(accepted: AcceptedEvent, bus: BusLocation): string {
  return JSON.stringify({
    version: '0',
    id: accepted.eventId,
    'detail-type': accepted.detailType,
    source: accepted.source,
    account: bus.account,
    time: envelopeTime(accepted),
    region: bus.region,
    resources: accepted.resources,
    detail: accepted.detail,
  });
}

// PutEvents carries `Time` as epoch seconds; without one, EventBridge uses the time it received the event.
function envelopeTime(accepted: AcceptedEvent): string {
  const time =
    accepted.time === undefined
      ? accepted.receivedAt
      : typeof accepted.time === 'number'
        ? new Date(accepted.time * 1000)
        : new Date(Number.isNaN(Number(accepted.time)) ? accepted.time : Number(accepted.time) * 1000);
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
