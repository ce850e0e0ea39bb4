import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics.ts';

/** The server's Prometheus metrics, one registry per app so tests don't share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'schemagate_' });
  const http = new HttpMetrics();
  for (const collector of http.collectors('schemagate_')) registry.registerMetric(collector as never);
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
    http,
    validations,
    registrations,
    validatorCompiles,
    validatorCacheSize,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
