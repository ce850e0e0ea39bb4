import { Counter, Gauge, type Registry } from 'prom-client';

/** What the outbox gauges read: `@schemagate/db`'s `OutboxForwarding.stats`. */
export type OutboxStatsReader = () => Promise<{ pending: number; oldestCreatedAt: Date | null }>;

/** Scrapes within this long of the last read reuse it: a count over the outbox is not free on a busy table. */
const STATS_FRESH_MS = 5000;
/** A scrape does not wait longer than this for storage; the last figures stand meanwhile. */
const STATS_DEADLINE_MS = 1000;

/**
 * The gate's outbox and forwarding metrics: `schemagate_outbox_pending` and `schemagate_outbox_oldest_age_seconds`
 * (the role of SQS's ApproximateAgeOfOldestMessage), read from storage at scrape time at most every few seconds,
 * and the forwarder's counters. The gauges show 0 until the server hands them a reader with `watch`.
 */
export function outboxMetrics(registry: Registry) {
  let read: OutboxStatsReader | undefined;
  let last: { at: number; pending: number; oldest: Date | null } | undefined;
  let reading: Promise<void> | undefined;

  function refresh(): Promise<void> {
    if (!read || (last && Date.now() - last.at < STATS_FRESH_MS)) return Promise.resolve();
    const source = read;
    reading ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const stats = await Promise.race([
          source(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('outbox stats timed out')), STATS_DEADLINE_MS);
          }),
        ]);
        last = { at: Date.now(), pending: stats.pending, oldest: stats.oldestCreatedAt };
      } catch {
        // storage is down or slow: the scrape still answers, with the last figures
      } finally {
        clearTimeout(timer);
        reading = undefined;
      }
    })();
    return reading;
  }

  new Gauge({
    name: 'schemagate_outbox_pending',
    help: 'Accepted events waiting in the outbox to be forwarded to EventBridge',
    registers: [registry],
    async collect() {
      await refresh();
      this.set(last?.pending ?? 0);
    },
  });
  new Gauge({
    name: 'schemagate_outbox_oldest_age_seconds',
    help: 'Age of the oldest event still in the outbox (0 when it is empty)',
    registers: [registry],
    async collect() {
      await refresh();
      this.set(last?.oldest ? Math.max(0, (Date.now() - last.oldest.getTime()) / 1000) : 0);
    },
  });
  const forwardedEvents = new Counter({
    name: 'schemagate_forwarded_events_total',
    help: 'Events EventBridge accepted from the forwarder',
    registers: [registry],
  });
  const forwardFailedEntries = new Counter({
    name: 'schemagate_forward_failed_entries_total',
    help: 'PutEvents entries that failed (refused one by one, in a failed call, or never sendable)',
    registers: [registry],
  });
  return {
    forwardedEvents,
    forwardFailedEntries,
    /** Where the outbox gauges read from (the server's storage). */
    watchOutbox(reader: OutboxStatsReader) {
      read = reader;
      last = undefined;
    },
  };
}
