import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, one registry per app so tests don't share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'schemagate_' });
  const httpRequests = new Counter({
    name: 'schemagate_http_requests_total',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'schemagate_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const validations = new Counter({
    name: 'schemagate_validations_total',
    help: 'Events validated, by registry, schema and result',
    labelNames: ['registry', 'schema', 'result'] as const,
    registers: [registry],
  });
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
