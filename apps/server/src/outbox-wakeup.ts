import type { Logger } from './app.ts';
import type { Storage } from './storage.ts';

/** The channel a commit that wrote outbox rows is announced on, for the forwarders of the other replicas. */
export const OUTBOX_CHANNEL = 'schemagate_outbox';

export interface OutboxWakeups {
  /** A transaction that wrote outbox rows has committed. */
  written(): void;
  stop(): Promise<void>;
}

/**
 * Wakes the forwarders as soon as accepted events are in the outbox, instead of when their idle poll comes round:
 * this replica's at once, in process, and on Postgres every other replica's through NOTIFY. Announcements are
 * coalesced: one NOTIFY at a time, and the commits that land while it is under way share the next one, so a busy
 * gate sends far fewer than one per commit. A notification missed (the listening connection was lost) is made up
 * for by a claim when it is back, and by the forwarders' poll.
 */
export async function startOutboxWakeups(options: {
  storage: Pick<Storage, 'kind' | 'listen' | 'notify'>;
  wake: () => void;
  replicaId: string;
  log: Logger;
}): Promise<OutboxWakeups> {
  const { storage, wake, replicaId, log } = options;
  // PGlite is one process's: its own wake-up is all there is to send
  if (storage.kind !== 'postgres') return { written: wake, stop: async () => {} };

  const unlisten = await storage.listen(
    OUTBOX_CHANNEL,
    (from) => {
      if (from !== replicaId) wake();
    },
    wake,
  );
  let sending: Promise<void> | undefined;
  let again = false;
  let failing = false;
  const send = async () => {
    do {
      again = false;
      try {
        await storage.notify(OUTBOX_CHANNEL, replicaId);
        failing = false;
      } catch (error) {
        // the other replicas' polls still find the rows: one line per outage, not per commit
        if (!failing) log.error('could not wake the other replicas’ forwarders', error);
        failing = true;
      }
    } while (again);
  };
  return {
    written() {
      wake();
      if (sending) {
        again = true;
        return;
      }
      sending = send().finally(() => {
        sending = undefined;
      });
    },
    async stop() {
      await sending;
      await unlisten();
    },
  };
}
