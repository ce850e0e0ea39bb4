import type { OutboxForwarding } from '@schemagate/db';
import { createForwarder, resolveEventBridgeTarget } from '@schemagate/eventbridge';
import type { Logger } from './app.ts';
import type { Config } from './config.ts';
import type { Metrics } from './metrics/index.ts';

/** This replica's forwarder, running; `stop` lets the claim in flight finish and closes the client. */
export interface Forwarding {
  /** Rows were written to the outbox: claim them now (see `startOutboxWakeups`). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Starts this replica's outbox forwarder, or says in one line at start why accepted events will wait in the
 * outbox: no endpoint override and no region the AWS SDK's default chain can resolve.
 */
export async function startForwarding(options: {
  config: Config;
  outbox: OutboxForwarding;
  metrics: Metrics;
  log: Logger;
}): Promise<Forwarding> {
  const { config, outbox, metrics, log } = options;
  metrics.outbox.watchOutbox(() => outbox.stats());
  const target = await resolveEventBridgeTarget({ endpoint: config.SCHEMAGATE_EVENTBRIDGE_ENDPOINT });
  if ('missing' in target) {
    log.info(
      `no EventBridge target configured (${target.missing}): accepted events wait in the outbox until a server with one starts`,
    );
    return { wake: () => {}, stop: async () => {} };
  }
  const forwarder = createForwarder({
    outbox,
    client: target.client,
    eventBus: config.SCHEMAGATE_EVENT_BUS,
    maxAttempts: config.SCHEMAGATE_FORWARD_MAX_ATTEMPTS,
    leaseMs: config.SCHEMAGATE_FORWARD_LEASE_MS,
    // idleDelayMs stays at its 500 ms default although every write of the outbox wakes the forwarder: the poll finds
    // the rows no wake-up announces, retries whose backoff (from 200 ms) ran out first, then a missed notification
    // and the leases of a replica that died
    backoff: {
      baseMs: config.SCHEMAGATE_FORWARD_BACKOFF_BASE_MS,
      maxMs: config.SCHEMAGATE_FORWARD_BACKOFF_MAX_MS,
    },
    metrics: {
      forwarded: (count) => metrics.outbox.forwardedEvents.inc(count),
      failedEntries: (count) => metrics.outbox.forwardFailedEntries.inc(count),
    },
    log,
  });
  forwarder.start();
  log.info(
    `forwarding accepted events to EventBridge bus ${config.SCHEMAGATE_EVENT_BUS} in ${target.region}` +
      `${target.endpoint ? ` at ${target.endpoint}` : ''} (at most ${config.SCHEMAGATE_FORWARD_MAX_ATTEMPTS} attempts an event)`,
  );
  return {
    wake: () => forwarder.wake(),
    async stop() {
      await forwarder.stop();
      target.client.destroy();
    },
  };
}
