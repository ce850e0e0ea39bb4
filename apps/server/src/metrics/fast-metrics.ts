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
  protected readonly known = new Map<string, Series<T>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    protected readonly labelNames: readonly string[],
  ) {}

  protected entry(values: readonly LabelValue[], create: () => T): T {
    const key = values.join('\u0000');
    let series = this.known.get(key);
    if (!series) {
      series = { values, data: create() };
      this.known.set(key, series);
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

  /** Zeroes every series in place: request paths hold on to series, so none may be dropped. */
  reset(): void {
    for (const series of this.known.values()) this.zero(series.data);
  }

  protected abstract zero(data: T): void;
}

/** One series of a counter, to hold on to where the same labels are counted on every request. */
export interface CounterSeries {
  count: number;
}

/** A monotonic counter per combination of label values. */
export class FastCounter extends FastMetric<CounterSeries> {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'counter', labelNames);
  }

  /** `values` in the order of the label names. */
  add(values: readonly LabelValue[], by = 1): void {
    this.series(values).count += by;
  }

  /** The series of these label values; `series.count++` then counts without a lookup. */
  series(values: readonly LabelValue[]): CounterSeries {
    return this.entry(values, () => ({ count: 0 }));
  }

  protected zero(data: CounterSeries): void {
    data.count = 0;
  }

  protected render(): MetricValue[] {
    return [...this.known.values()].map((s) => ({ labels: this.labels(s.values), value: s.data.count }));
  }
}

const DEFAULT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One series of a histogram (see {@link FastHistogram.series}). */
export interface HistogramSeries {
  buckets: Float64Array;
  sum: number;
  count: number;
}

/** A histogram per combination of label values. */
export class FastHistogram extends FastMetric<HistogramSeries> {
  readonly #bounds: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], bounds = DEFAULT_BUCKETS) {
    super(name, help, 'histogram', labelNames);
    this.#bounds = bounds;
  }

  /** The series of these label values, for {@link record}. */
  series(values: readonly LabelValue[]): HistogramSeries {
    return this.entry(values, () => ({
      buckets: new Float64Array(this.#bounds.length + 1),
      sum: 0,
      count: 0,
    }));
  }

  /** Records a value in a series held on to (see {@link series}). */
  record(data: HistogramSeries, value: number): void {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    data.buckets[i]! += 1;
    data.sum += value;
    data.count++;
  }

  protected zero(data: HistogramSeries): void {
    data.buckets.fill(0);
    data.sum = 0;
    data.count = 0;
  }

  protected render(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const { values, data } of this.known.values()) {
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
