import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LoadEvent } from './load-events.ts';
import { countUp, type PhaseReport, PhaseStats, summarise, type TotalReport } from './phase-stats.ts';
import type { PlannedPhase } from './plan.ts';

export type LoadEndpoint = 'validate' | 'events';

export interface RunLoadOptions {
  url: string;
  key?: string | undefined;
  endpoint: LoadEndpoint;
  events: readonly LoadEvent[];
  phases: readonly PlannedPhase[];
  /** Connections kept open to the server; requests beyond them wait for one (and that wait counts as latency). */
  connections: number;
  /** A request without its whole answer after this long counts as an error; 10 s by default. */
  timeoutMs?: number;
  /** Called as each phase begins (an idle one too), before its first request. */
  onPhaseStart?(index: number, phase: PlannedPhase): void;
  /** Called about four times a second while the run lasts, for a progress line. */
  onTick?(status: LoadStatus): void;
}

export interface LoadStatus {
  phase: number;
  phases: number;
  kind: PlannedPhase['kind'];
  elapsedSeconds: number;
  totalSeconds: number;
  sent: number;
  inFlight: number;
  ok: number;
  throttled: number;
  errors: number;
}

export interface LoadReport {
  url: string;
  endpoint: LoadEndpoint;
  connections: number;
  phases: PhaseReport[];
  total: TotalReport;
}

const PATHS: Record<LoadEndpoint, string> = { validate: '/v1/validate', events: '/v1/events' };
/** The scheduler wakes at least this often during a phase, and sends every request that has come due. */
const MAX_SLEEP_MS = 5;
/** A request's failure by its system code (ECONNREFUSED, ECONNRESET...), or `timeout`. */
const failureOf = (error: Error | undefined) => (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the phases against the server open-loop: a phase at rate R sends its k-th request at k/R seconds after it
 * began, whether or not earlier ones have been answered (a server that falls behind meets the load a burst of real
 * traffic would bring, not a politely slowed client), through at most `connections` sockets. An idle phase sends
 * nothing. Answers are counted in the phase their request was sent in; the run ends when the last phase has and
 * every request is answered or timed out.
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadReport> {
  const target = new URL(PATHS[options.endpoint], options.url);
  const secure = target.protocol === 'https:';
  const agent = new (secure ? https : http).Agent({
    keepAlive: true,
    maxSockets: options.connections,
    // With a socket timeout set, Node's agent also honours the server's `Keep-Alive: timeout=N` hint and drops an
    // idle socket a second before the server would close it. Without it, a socket left idle through an idle gap
    // can be written to just as the server closes it, and that request is lost to a race no server can prevent.
    timeout: 60_000,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseHeaders: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key) baseHeaders.authorization = `Bearer ${options.key}`;
  const events = options.events;
  let next = 0;
  let inFlight = 0;
  let settled: (() => void) | undefined;
  const stats: PhaseStats[] = [];

  const send = (phase: PhaseStats) => {
    const event = events[next++ % events.length]!;
    const headers: Record<string, string> = { ...baseHeaders, 'content-length': String(event.body.length) };
    // every gate request is a new event, never a retry of another; the header is a Structured Field string
    if (options.endpoint === 'events') headers['idempotency-key'] = `"${randomUUID()}"`;
    phase.requests++;
    inFlight++;
    const started = performance.now();
    let done = false;
    const finish = (status?: number, error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (status === undefined) phase.failed(failureOf(error));
      else phase.answered(status, performance.now() - started);
      inFlight--;
      if (inFlight === 0) settled?.();
    };
    const request = (secure ? https : http).request(target, { method: 'POST', headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', (error) => finish(undefined, error));
    });
    const timer = setTimeout(
      () => request.destroy(Object.assign(new Error('timed out'), { code: 'timeout' })),
      timeoutMs,
    );
    request.on('error', (error) => finish(undefined, error));
    request.end(event.body);
  };

  const totalSeconds = options.phases.reduce((s, p) => s + p.seconds, 0);
  const runStarted = performance.now();
  const runStartedAt = new Date();
  let current: { index: number; stats: PhaseStats } | undefined;
  const tick = () => {
    if (!current || !options.onTick) return;
    // the counts only: summarising would sort every latency of the run four times a second, on the sender's thread
    const all = countUp(stats);
    options.onTick({
      phase: current.index + 1,
      phases: options.phases.length,
      kind: current.stats.kind,
      elapsedSeconds: (performance.now() - runStarted) / 1000,
      totalSeconds,
      sent: all.requests,
      inFlight,
      ok: all.ok,
      throttled: all.throttled,
      errors: all.errors,
    });
  };
  const ticker = setInterval(tick, 250);
  try {
    // phases are laid end to end on the run's clock, so a late wake-up shortens no phase and delays no other
    let phaseStart = runStarted;
    for (const [index, planned] of options.phases.entries()) {
      const phase = new PhaseStats(planned.kind, new Date());
      stats.push(phase);
      current = { index, stats: phase };
      options.onPhaseStart?.(index, planned);
      const phaseEnd = phaseStart + planned.seconds * 1000;
      const due = Math.floor(planned.seconds * planned.rate);
      for (;;) {
        const now = performance.now();
        if (planned.rate > 0) {
          const dueByNow = Math.min(due, Math.floor(((now - phaseStart) / 1000) * planned.rate) + 1);
          if (phase.requests < dueByNow) {
            // how far behind its plan the client is: a loaded client, not the server, delays these
            const late = now - (phaseStart + (phase.requests / planned.rate) * 1000);
            if (late > phase.maxLateMs) phase.maxLateMs = late;
          }
          while (phase.requests < dueByNow) send(phase);
        }
        if (now >= phaseEnd) break;
        const nextDue =
          planned.rate > 0 && phase.requests < due
            ? phaseStart + (phase.requests / planned.rate) * 1000
            : phaseEnd;
        await sleep(Math.max(0, Math.min(MAX_SLEEP_MS, nextDue - now, phaseEnd - now)));
      }
      phase.seconds = (performance.now() - phaseStart) / 1000;
      phaseStart = phaseEnd;
    }
    if (inFlight > 0) await new Promise<void>((resolve) => (settled = resolve));
  } finally {
    clearInterval(ticker);
    agent.destroy();
  }
  return {
    url: options.url,
    endpoint: options.endpoint,
    connections: options.connections,
    phases: stats.map((s) => s.report()),
    total: summarise(runStartedAt, (performance.now() - runStarted) / 1000, stats),
  };
}
