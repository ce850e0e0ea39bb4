/**
 * Request counts and durations per route, recorded with a map lookup and a few array writes per request and
 * rendered for Prometheus only when `/metrics` is scraped. prom-client's labelled metrics hash their label
 * objects on every call, which cost more than the whole validation of an event.
 */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface RouteStats {
  method: string;
  route: string;
  statuses: Map<number, number>;
  /** Non-cumulative counts per bucket; the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** A collector prom-client's Registry renders like its own metrics (it calls `get()` at scrape time). */
export interface Collector {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' }>;
  reset(): void;
}

export class HttpMetrics {
  readonly #routes = new Map<string, RouteStats>();

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let stats = this.#routes.get(key);
    if (!stats) {
      stats = {
        method,
        route,
        statuses: new Map(),
        buckets: new Float64Array(BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      this.#routes.set(key, stats);
    }
    stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    stats.buckets[i]! += 1;
    stats.sum += seconds;
    stats.count++;
  }

  collectors(prefix: string): Collector[] {
    const routes = this.#routes;
    const requests = `${prefix}http_requests_total`;
    const duration = `${prefix}http_request_duration_seconds`;
    const reset = () => routes.clear();
    return [
      {
        name: requests,
        help: 'HTTP requests by route pattern and status',
        type: 'counter',
        aggregator: 'sum',
        reset,
        get: async () => ({
          name: requests,
          help: 'HTTP requests by route pattern and status',
          type: 'counter',
          aggregator: 'sum',
          values: [...routes.values()].flatMap((s) =>
            [...s.statuses].map(([status, value]) => ({
              labels: { method: s.method, route: s.route, status },
              value,
            })),
          ),
        }),
      },
      {
        name: duration,
        help: 'HTTP request duration by route pattern',
        type: 'histogram',
        aggregator: 'sum',
        reset,
        get: async () => ({
          name: duration,
          help: 'HTTP request duration by route pattern',
          type: 'histogram',
          aggregator: 'sum',
          values: [...routes.values()].flatMap((s) => {
            const labels = { method: s.method, route: s.route };
            let cumulative = 0;
            const buckets = [...BUCKETS, Number.POSITIVE_INFINITY].map((le, i) => {
              cumulative += s.buckets[i]!;
              return {
                labels: { ...labels, le: le === Number.POSITIVE_INFINITY ? '+Inf' : le },
                value: cumulative,
                metricName: `${duration}_bucket`,
              };
            });
            return [
              ...buckets,
              { labels, value: s.sum, metricName: `${duration}_sum` },
              { labels, value: s.count, metricName: `${duration}_count` },
            ];
          }),
        }),
      },
    ];
  }
}
