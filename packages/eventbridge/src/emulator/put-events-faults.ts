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

/**
 * Injected PutEvents failures: per entry (the next N entries, or those a predicate picks) and per
 * request (the whole call answers ThrottlingException).
 */
export class PutEventsFaults {
  private readonly nextEntries: EntryFault[] = [];
  private readonly predicates: PredicateFault[] = [];
  private throttledRequests = 0;

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

  /** The next `count` PutEvents calls fail as a whole with ThrottlingException (HTTP 400). */
  throttleNextRequests(count: number) {
    this.throttledRequests += count;
  }

  /** Removes every injected fault. */
  clear() {
    this.nextEntries.length = 0;
    this.predicates.length = 0;
    this.throttledRequests = 0;
  }

  /** True (and consumed) when this request is to be throttled as a whole. */
  takeRequestThrottle(): boolean {
    if (this.throttledRequests <= 0) return false;
    this.throttledRequests -= 1;
    return true;
  }

  /** The injected error for this entry, if any. */
  entryError(entry: PutEventsEntry): { code: string; message: string } | undefined {
    const counted = this.nextEntries.find((f) => f.remaining > 0);
    if (counted) {
      counted.remaining -= 1;
      return { code: counted.code, message: counted.message };
    }
    const picked = this.predicates.find((f) => f.matches(entry));
    return picked ? { code: picked.code, message: picked.message } : undefined;
  }
}
