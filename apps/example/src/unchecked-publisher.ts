import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

/** An event as another team puts it on the bus: raw PutEvents fields, no contract consulted. */
export interface RawBusEvent {
  source: string;
  detailType: string;
  detail: unknown;
}

/**
 * Publishes straight through the AWS SDK, as a service that has not adopted schemagate does. A consumer
 * cannot assume everything on the bus went through a validating producer; this is how such events get there.
 */
export async function publishUnchecked(
  eventBridge: Pick<EventBridgeClient, 'send'>,
  busName: string,
  events: readonly RawBusEvent[],
): Promise<void> {
  const response = await eventBridge.send(
    new PutEventsCommand({
      Entries: events.map((event) => ({
        EventBusName: busName,
        Source: event.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
      })),
    }),
  );
  if (response.FailedEntryCount) {
    throw new Error(`PutEvents refused ${response.FailedEntryCount} of ${events.length} entries`);
  }
}
