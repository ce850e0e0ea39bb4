import { DEAD_LETTER_REASONS } from '@schemagate/core';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { eventLoopLag } from './event-loop.ts';
import { FastCounter, FastHistogram } from './fast-metrics.ts';
import { outboxMetrics } from './outbox-gauges.ts';

/** Why a request was refused before its work: a key's rate limit (429), load shedding (503), a registration limit. */
export const THROTTLE_REASONS = ['rate_limit', 'overload', 'registration_limit'] as const;
export type ThrottleReason = (typeof THROTTLE_REASONS)[number];

/** The server's Prometheus metrics, one registry per app so tests don't share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'schemagate_' });
  // gauges named like counters, which `promtool check metrics` refuses (their per-type series without `_total`
  // stay), and the lag under the prefix, which `nodejs_eventloop_lag_seconds` below replaces
  for (const name of [
    'active_handles_total',
    'active_requests_total',
    'active_resources_total',
    'eventloop_lag_seconds',
  ])
    registry.removeSingleMetric(`schemagate_nodejs_${name}`);
  const httpRequests = new FastCounter(
    'schemagate_http_requests_total',
    'HTTP requests by route pattern and status',
    ['method', 'route', 'status'],
  );
  const httpDuration = new FastHistogram(
    'schemagate_http_request_duration_seconds',
    'HTTP request duration by route pattern',
    ['method', 'route'],
  );
  const validations = new FastCounter(
    'schemagate_validations_total',
    'Events validated, by registry, schema and result',
    ['registry', 'schema', 'result'],
  );
  // refusals come fastest when the server is busiest: counted like the hot routes, every reason shown from the start
  const throttled = new FastCounter(
    'schemagate_throttled_requests_total',
    'Requests refused before their work, by reason (rate_limit, overload, registration_limit)',
    ['reason'],
  );
  for (const reason of THROTTLE_REASONS) throttled.series([reason]);
  for (const metric of [httpRequests, httpDuration, validations, throttled])
    registry.registerMetric(metric as never);
  // the standard name dashboards know, not the prefixed one of the default metrics above; the monitor starts now,
  // so load shedding reads a measured loop from the first request on
  eventLoopLag();
  new Gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: 'Longest delay of a 10 ms timer past its due time over the last one to two seconds',
    registers: [registry],
    collect() {
      this.set(eventLoopLag());
    },
  });
  const registrations = new Counter({
    name: 'schemagate_registrations_total',
    help: 'Registration attempts by outcome (created, existing, incompatible, invalid)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // read from storage when scraped (the gate refreshes it), so every replica shows the same shared count
  const deadLetters = new Gauge({
    name: 'schemagate_dead_letters',
    help: 'Events kept in dead letters, by reason (invalid, forward_failed)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of DEAD_LETTER_REASONS) deadLetters.set({ reason }, 0);
  const idempotentReplays = new Counter({
    name: 'schemagate_idempotent_replays_total',
    help: 'Requests (and batch entries) answered from their Idempotency-Key record instead of being processed again',
    registers: [registry],
  });
  const validatorCompiles = new Counter({
    name: 'schemagate_validator_compiles_total',
    help: 'Validators compiled (cache misses)',
    registers: [registry],
  });
  const validatorCacheSize = new Gauge({
    name: 'schemagate_validator_cache_entries',
    help: 'Compiled validators held in this process',
    registers: [registry],
  });
  const outbox = outboxMetrics(registry);
  return {
    registry,
    /** `outbox.watchOutbox(reader)` feeds the outbox gauges; the forwarder counts into the counters. */
    outbox,
    httpRequests,
    httpDuration,
    validations,
    /** `throttled.add([reason])` with a {@link ThrottleReason}, or hold `throttled.series([reason])` and `count++` it. */
    throttled,
    registrations,
    deadLetters,
    idempotentReplays,
    validatorCompiles,
    validatorCacheSize,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
