/** A PutEvents request entry as it arrived on the wire. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: number | string;
  TraceHeader?: string;
}

/** Per-entry error codes EventBridge answers; the first two are the ones worth retrying. */
export type PutEventsEntryErrorCode =
  | 'ThrottlingException'
  | 'InternalFailure'
  | 'InvalidArgument'
  | 'MalformedDetail'
  | (string & {});

interface EntryFault {
  remaining: number;
  code: PutEventsEntryErrorCode;
  message: string;
}

interface PredicateFault {
  matches: (entry: PutEventsEntry) => boolean;
  code: PutEventsEntryErrorCode;
  message: string;
}

interface RateFault {
  rate: number;
  code: PutEventsEntryErrorCode;
  message: string;
}

/**
 * Injected PutEvents failures: per entry (the next N entries, those a predicate picks, or a share of them at
 * random) and per request (the whole call answers ThrottlingException: the next N, or a share at random), and a
 * delay before each call is answered, so that a test can catch calls in flight.
 */
export class PutEventsFaults {
  private readonly nextEntries: EntryFault[] = [];
  private readonly predicates: PredicateFault[] = [];
  private entryRate: RateFault | undefined;
  private throttledRequests = 0;
  private throttleRate = 0;
  private delay = 0;

  /** @param random a number in [0, 1), for the shares; a seeded one makes a run reproducible */
  constructor(private readonly random: () => number = Math.random) {}

  /** The next `count` entries (across requests) fail with `code`. */
  failNextEntries(count: number, code: PutEventsEntryErrorCode = 'ThrottlingException', message?: string) {
    this.nextEntries.push({ remaining: count, code, message: message ?? `Injected ${code}` });
  }

  /** Every entry `matches` picks fails with `code`, until {@link clear}. */
  failEntriesWhere(
    matches: (entry: PutEventsEntry) => boolean,
    code: PutEventsEntryErrorCode = 'InternalFailure',
    message?: string,
  ) {
    this.predicates.push({ matches, code, message: message ?? `Injected ${code}` });
  }

  /** About `rate` (0..1) of the entries fail with `code`, drawn one by one, until {@link clear}. */
  failEntriesAtRate(rate: number, code: PutEventsEntryErrorCode = 'InternalFailure', message?: string) {
    this.entryRate = { rate, code, message: message ?? `Injected ${code}` };
  }

  /** About `rate` (0..1) of the PutEvents calls fail as a whole with ThrottlingException, until {@link clear}. */
  throttleRequestsAtRate(rate: number) {
    this.throttleRate = rate;
  }

  /** Every call is answered `ms` later, until {@link clear}. */
  delayResponses(ms: number) {
    this.delay = ms;
  }

  /** How long to hold this call before answering it. */
  get responseDelayMs(): number {
    return this.delay;
  }

  /** The next `count` PutEvents calls fail as a whole with ThrottlingException (HTTP 400). */
  throttleNextRequests(count: number) {
    this.throttledRequests += count;
  }

  /** Removes every injected fault. */
  clear() {
    this.nextEntries.length = 0;
    this.predicates.length = 0;
    this.throttledRequests = 0;
    this.entryRate = undefined;
    this.throttleRate = 0;
    this.delay = 0;
  }

  /** True (and consumed) when this request is to be throttled as a whole. */
  takeRequestThrottle(): boolean {
    if (this.throttledRequests > 0) {
      this.throttledRequests -= 1;
      return true;
    }
    return this.throttleRate > 0 && this.random() < this.throttleRate;
  }

  /** The injected error for this entry, if any. */
  entryError(entry: PutEventsEntry): { code: string; message: string } | undefined {
    const counted = this.nextEntries.find((f) => f.remaining > 0);
    if (counted) {
      counted.remaining -= 1;
      return { code: counted.code, message: counted.message };
    }
    const picked = this.predicates.find((f) => f.matches(entry));
    if (picked) return { code: picked.code, message: picked.message };
    const rate = this.entryRate;
    if (rate && this.random() < rate.rate) return { code: rate.code, message: rate.message };
    return undefined;
  }
}
