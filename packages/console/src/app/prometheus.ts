/**
 * Reading the server's own `/metrics` (Prometheus text format 0.0.4) and turning two scrapes into the rates the
 * overview draws. Pure functions, so they are tested without a browser.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** The samples of an exposition; comments, blank lines and lines that are not samples are skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    if (!match) continue;
    const [, name, labelText, valueText] = match;
    const labels: Record<string, string> = {};
    if (labelText) {
      labelPair.lastIndex = 0;
      let pair: RegExpExecArray | null = labelPair.exec(labelText);
      while (pair) {
        labels[pair[1]!] = unescapeLabel(pair[2]!);
        pair = labelPair.exec(labelText);
      }
    }
    samples.push({ name: name!, labels, value: parseValue(valueText!) });
  }
  return samples;
}

/** One scrape: its samples and when it was taken (ms). */
export interface Scrape {
  at: number;
  samples: Sample[];
}

type LabelFilter = (labels: Record<string, string>) => boolean;
const any: LabelFilter = () => true;

/** The sum of a metric's samples whose labels pass `filter`; undefined when the metric is absent. */
export function total(samples: Sample[], name: string, filter: LabelFilter = any): number | undefined {
  let sum: number | undefined;
  for (const sample of samples) {
    if (sample.name === name && filter(sample.labels)) sum = (sum ?? 0) + sample.value;
  }
  return sum;
}

/**
 * A counter's increase per second between two scrapes; a counter that went down (the server restarted) counts
 * from zero, as Prometheus' `rate` does.
 */
export function ratePerSecond(
  before: Scrape,
  after: Scrape,
  name: string,
  filter: LabelFilter = any,
): number | undefined {
  const now = total(after.samples, name, filter);
  if (now === undefined) return undefined;
  const then = total(before.samples, name, filter) ?? 0;
  const seconds = (after.at - before.at) / 1000;
  if (seconds <= 0) return undefined;
  return (now >= then ? now - then : now) / seconds;
}

/**
 * A quantile of a histogram's observations between two scrapes, summed over the series that pass `filter`,
 * interpolated within its bucket as Prometheus' `histogram_quantile` does. Undefined when nothing was observed.
 */
export function quantileBetween(
  before: Scrape,
  after: Scrape,
  name: string,
  q: number,
  filter: LabelFilter = any,
): number | undefined {
  const bucketName = `${name}_bucket`;
  const counts = (samples: Sample[]) => {
    const byBound = new Map<number, number>();
    for (const sample of samples) {
      if (sample.name !== bucketName || sample.labels.le === undefined || !filter(sample.labels)) continue;
      const bound = parseValue(sample.labels.le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + sample.value);
    }
    return byBound;
  };
  const now = counts(after.samples);
  const then = counts(before.samples);
  const buckets = [...now.entries()]
    .map(([bound, count]) => ({ bound, count: Math.max(0, count - (then.get(bound) ?? 0)) }))
    .sort((a, b) => a.bound - b.bound);
  const observed = buckets.at(-1)?.count ?? 0;
  if (observed === 0) return undefined;
  const rank = q * observed;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { bound, count } of buckets) {
    if (count >= rank) {
      // past the last finite bound the answer is that bound, as Prometheus says
      if (bound === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket === 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** One point of every chart on the overview, from two consecutive scrapes. */
export interface OverviewPoint {
  /** Seconds since the epoch, as uPlot's time axis wants. */
  time: number;
  validValidations: number | undefined;
  invalidValidations: number | undefined;
  throttles: number | undefined;
  p99LatencyMs: number | undefined;
  outboxPending: number | undefined;
  outboxOldestAgeSeconds: number | undefined;
  deadLetters: number | undefined;
}

// the console's own polling of /metrics would otherwise be most of the latency an idle server shows
const notMetricsRoute: LabelFilter = (labels) => labels.route !== '/metrics';

export function overviewPoint(before: Scrape, after: Scrape): OverviewPoint {
  const latency = quantileBetween(
    before,
    after,
    'schemagate_http_request_duration_seconds',
    0.99,
    notMetricsRoute,
  );
  return {
    time: after.at / 1000,
    validValidations: ratePerSecond(
      before,
      after,
      'schemagate_validations_total',
      (l) => l.result === 'valid',
    ),
    invalidValidations: ratePerSecond(
      before,
      after,
      'schemagate_validations_total',
      (l) => l.result === 'invalid',
    ),
    throttles: ratePerSecond(before, after, 'schemagate_throttled_requests_total'),
    p99LatencyMs: latency === undefined ? undefined : latency * 1000,
    outboxPending: total(after.samples, 'schemagate_outbox_pending'),
    outboxOldestAgeSeconds: total(after.samples, 'schemagate_outbox_oldest_age_seconds'),
    deadLetters: total(after.samples, 'schemagate_dead_letters'),
  };
}
