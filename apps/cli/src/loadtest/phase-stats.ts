import type { PhaseKind } from './plan.ts';

/** What one phase (or the whole run) sent and got back. */
export interface PhaseReport {
  kind: PhaseKind;
  startedAt: string;
  seconds: number;
  requests: number;
  /** 2xx answers. */
  ok: number;
  /** 429 (rate limit) and 503 (load shedding, storage unavailable) answers: the server said "later". */
  throttled: number;
  /** Every other answer, and requests that got none (connection failures, timeouts). */
  errors: number;
  /** From sending to the whole answer, over the requests that got one; null without any. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Requests without an answer, by why: `timeout`, or the system's code (ECONNREFUSED, ECONNRESET...). */
  failures: Record<string, number>;
  /**
   * The most a request left after its planned time: the client's own delay (a busy machine, a paused process). A
   * figure near the latencies says they are the client's as much as the server's.
   */
  maxLateMs: number;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 100) / 100);

/** Counts of one phase as its answers come in; {@link report} summarises them. */
export class PhaseStats {
  requests = 0;
  ok = 0;
  throttled = 0;
  errors = 0;
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  readonly failures: Record<string, number> = {};
  seconds = 0;
  maxLateMs = 0;

  constructor(
    readonly kind: PhaseKind,
    readonly startedAt: Date,
  ) {}

  answered(status: number, ms: number): void {
    this.latencies.push(ms);
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) this.ok++;
    else if (status === 429 || status === 503) this.throttled++;
    else this.errors++;
  }

  failed(reason: string): void {
    this.errors++;
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }

  report(): PhaseReport {
    return { kind: this.kind, ...summarise(this.startedAt, this.seconds, [this]) };
  }
}

function addUp(counts: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const one of counts) for (const [key, n] of Object.entries(one)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** The figures of a run as a whole: its phases' together. */
export type TotalReport = Omit<PhaseReport, 'kind'>;

type Counts = Pick<PhaseStats, 'requests' | 'ok' | 'throttled' | 'errors'>;

/** The plain counts of several phases together: cheap enough for a progress line, unlike {@link summarise}. */
export function countUp(phases: readonly PhaseStats[]): Counts {
  const sum = (key: keyof Counts) => phases.reduce((n, p) => n + p[key], 0);
  return { requests: sum('requests'), ok: sum('ok'), throttled: sum('throttled'), errors: sum('errors') };
}

/** One report over several phases' counts (a phase's own, or the run's total). */
export function summarise(startedAt: Date, seconds: number, phases: readonly PhaseStats[]): TotalReport {
  const latencies = phases.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const statuses = addUp(phases.map((p) => p.statuses));
  const failures = addUp(phases.map((p) => p.failures));
  return {
    startedAt: startedAt.toISOString(),
    seconds: Math.round(seconds * 1000) / 1000,
    ...countUp(phases),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    statuses,
    failures,
    maxLateMs: round(Math.max(0, ...phases.map((p) => p.maxLateMs)))!,
  };
}
