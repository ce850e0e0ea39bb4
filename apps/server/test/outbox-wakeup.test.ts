import { describe, expect, it } from 'vitest';
import { OUTBOX_CHANNEL, startOutboxWakeups } from '../src/outbox-wakeup.ts';

/** A Postgres-like storage in memory: notifications answer when the test lets them, and reach the listener. */
function fakeStorage(kind: 'postgres' | 'pglite') {
  const sent: string[] = [];
  const pending: Array<() => void> = [];
  let listener: ((payload: string) => void) | undefined;
  let relisten: (() => void) | undefined;
  let listening = false;
  return {
    sent,
    pending,
    deliver: (payload: string) => listener?.(payload),
    relisten: () => relisten?.(),
    get listening() {
      return listening;
    },
    storage: {
      kind,
      async listen(channel: string, onPayload: (payload: string) => void, onRelisten?: () => void) {
        expect(channel).toBe(OUTBOX_CHANNEL);
        listener = onPayload;
        relisten = onRelisten;
        listening = true;
        return async () => {
          listening = false;
        };
      },
      notify(channel: string, payload: string) {
        expect(channel).toBe(OUTBOX_CHANNEL);
        sent.push(payload);
        return new Promise<void>((resolve) => pending.push(resolve));
      },
    },
  };
}

const log = { info: () => {}, error: () => {} };
const settle = () => new Promise((resolve) => setImmediate(resolve));
const startAsReplicaA = (fake: ReturnType<typeof fakeStorage>, wake: () => void) =>
  startOutboxWakeups({ storage: fake.storage, wake, replicaId: 'a', log });

describe('outbox wake-ups', () => {
  it('wakes this replica at once and sends one NOTIFY at a time, the commits meanwhile sharing the next', async () => {
    const fake = fakeStorage('postgres');
    let woken = 0;
    const wakeups = await startAsReplicaA(fake, () => woken++);
    wakeups.written();
    expect(woken).toBe(1);
    expect(fake.sent).toEqual(['a']);
    for (let i = 0; i < 50; i++) wakeups.written();
    expect(woken).toBe(51);
    expect(fake.sent).toHaveLength(1);
    fake.pending.shift()!();
    await settle();
    expect(fake.sent).toEqual(['a', 'a']);
    fake.pending.shift()!();
    await settle();
    expect(fake.sent).toHaveLength(2);
    wakeups.written();
    expect(fake.sent).toHaveLength(3);
    fake.pending.shift()!();
    await wakeups.stop();
    expect(fake.listening).toBe(false);
  });

  it("wakes on other replicas' notifications and after listening again, not on its own", async () => {
    const fake = fakeStorage('postgres');
    let woken = 0;
    const wakeups = await startAsReplicaA(fake, () => woken++);
    fake.deliver('a');
    expect(woken).toBe(0);
    fake.deliver('b');
    expect(woken).toBe(1);
    fake.relisten();
    expect(woken).toBe(2);
    await wakeups.stop();
  });

  it('on PGlite only wakes this process: nothing is listened to or sent', async () => {
    const fake = fakeStorage('pglite');
    let woken = 0;
    const wakeups = await startAsReplicaA(fake, () => woken++);
    wakeups.written();
    expect(woken).toBe(1);
    expect(fake.sent).toEqual([]);
    expect(fake.listening).toBe(false);
    await wakeups.stop();
  });
});
