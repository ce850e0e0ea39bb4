/**
 * Counters and histograms for the hot paths, recorded with one map lookup per call and rendered for
 * Prometheus only when `/metrics` is scraped. prom-client's labelled metrics hash a label object on every
 * call, which cost more than validating the event itself; these register in the same prom-client Registry
 * (it calls `get()` at scrape time) beside its default and low-rate metrics.
 */

type LabelValue = string | number;

interface MetricValue {
  labels: Record<string, LabelValue>;
  value: number;
  metricName?: string;
}

interface Series<T> {
  values: readonly LabelValue[];
  data: T;
}

abstract class FastMetric<T> {
  readonly aggregator = 'sum' as const;
  protected readonly series = new Map<string, Series<T>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    protected readonly labelNames: readonly string[],
  ) {}

  protected entry(values: readonly LabelValue[], create: () => T): T {
    const key = values.join('\u0000');
    let series = this.series.get(key);
    if (!series) {
      series = { values, data: create() };
      this.series.set(key, series);
    }
    return series.data;
  }

  protected labels(values: readonly LabelValue[]): Record<string, LabelValue> {
    const labels: Record<string, LabelValue> = {};
    this.labelNames.forEach((name, i) => {
      labels[name] = values[i]!;
    });
    return labels;
  }

  protected abstract render(): MetricValue[];

  async get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.render(),
    };
  }

  reset(): void {
    this.series.clear();
  }
}

/** A monotonic counter per combination of label values. */
export class FastCounter extends FastMetric<{ count: number }> {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'counter', labelNames);
  }

  /** `values` in the order of the label names. */
  add(values: readonly LabelValue[], by = 1): void {
    this.entry(values, () => ({ count: 0 })).count += by;
  }

  protected render(): MetricValue[] {
    return [...this.series.values()].map((s) => ({ labels: this.labels(s.values), value: s.data.count }));
  }
}

const DEFAULT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** A histogram per combination of label values. */
export class FastHistogram extends FastMetric<{ buckets: Float64Array; sum: number; count: number }> {
  readonly #bounds: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], bounds = DEFAULT_BUCKETS) {
    super(name, help, 'histogram', labelNames);
    this.#bounds = bounds;
  }

  observe(values: readonly LabelValue[], value: number): void {
    const bounds = this.#bounds;
    const data = this.entry(values, () => ({
      buckets: new Float64Array(bounds.length + 1),
      sum: 0,
      count: 0,
    }));
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    data.buckets[i]! += 1;
    data.sum += value;
    data.count++;
  }

  protected render(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const { values, data } of this.series.values()) {
      const labels = this.labels(values);
      let cumulative = 0;
      [...this.#bounds, Number.POSITIVE_INFINITY].forEach((le, i) => {
        cumulative += data.buckets[i]!;
        out.push({
          labels: { ...labels, le: le === Number.POSITIVE_INFINITY ? '+Inf' : le },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      out.push({ labels, value: data.sum, metricName: `${this.name}_sum` });
      out.push({ labels, value: data.count, metricName: `${this.name}_count` });
    }
    return out;
  }
}
