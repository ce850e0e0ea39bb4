import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from './fast-metrics.ts';

/** The server's Prometheus metrics, one registry per app so tests don't share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'schemagate_' });
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
  for (const metric of [httpRequests, httpDuration, validations]) registry.registerMetric(metric as never);
  const registrations = new Counter({
    name: 'schemagate_registrations_total',
    help: 'Registration attempts by outcome (created, existing, incompatible, invalid)',
    labelNames: ['outcome'] as const,
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
  return {
    registry,
    httpRequests,
    httpDuration,
    validations,
    registrations,
    validatorCompiles,
    validatorCacheSize,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
