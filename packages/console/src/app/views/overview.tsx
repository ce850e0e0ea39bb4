/**
 * The overview (loaded on demand with uPlot, so the sign-in page does not wait for the charting code): charts drawn from polling the server's own `/metrics` every few seconds. Each point is the change
 * between two scrapes (rates, p99) or the scrape's value (gauges); a metric the server does not expose stays empty.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import type { Session } from '../app.tsx';
import { ProblemNotice } from '../components.tsx';
import { type OverviewPoint, overviewPoint, parseExposition, type Scrape } from '../prometheus.ts';

const POLL_MS = 2000;
const KEEP_POINTS = 180;
const WINDOW_SECONDS = (KEEP_POINTS * POLL_MS) / 1000;

interface ChartSpec {
  title: string;
  unit: string;
  series: Array<{ label: string; value: (p: OverviewPoint) => number | undefined; stroke: string }>;
}

const CHARTS: ChartSpec[] = [
  {
    title: 'Validations per second',
    unit: '/s',
    series: [
      { label: 'valid', value: (p) => p.validValidations, stroke: '#15803d' },
      { label: 'invalid', value: (p) => p.invalidValidations, stroke: '#b91c1c' },
    ],
  },
  {
    title: 'Throttled requests per second',
    unit: '/s',
    series: [{ label: 'throttled', value: (p) => p.throttles, stroke: '#b45309' }],
  },
  {
    title: 'p99 latency',
    unit: 'ms',
    series: [{ label: 'p99', value: (p) => p.p99LatencyMs, stroke: '#1d4ed8' }],
  },
  {
    title: 'Outbox pending',
    unit: 'events',
    series: [{ label: 'pending', value: (p) => p.outboxPending, stroke: '#6d28d9' }],
  },
  {
    title: 'Outbox oldest age',
    unit: 's',
    series: [{ label: 'oldest', value: (p) => p.outboxOldestAgeSeconds, stroke: '#0e7490' }],
  },
  {
    title: 'Dead letters',
    unit: 'events',
    series: [{ label: 'dead letters', value: (p) => p.deadLetters, stroke: '#be123c' }],
  },
];

export function OverviewView({ session }: { session: Session }) {
  const [points, setPoints] = useState<OverviewPoint[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let previous: Scrape | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const text = await session.api.text('/metrics');
        const scrape: Scrape = { at: Date.now(), samples: parseExposition(text) };
        if (previous && !stopped) {
          const point = overviewPoint(previous, scrape);
          setPoints((list) => [...list.slice(-(KEEP_POINTS - 1)), point]);
        }
        previous = scrape;
        setError(undefined);
      } catch (problem) {
        setError(problem);
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [session]);
  return (
    <section>
      <h1>Overview</h1>
      <p class="hint">
        From this server's <code>/metrics</code>, every {POLL_MS / 1000} s; {points.length} point
        {points.length === 1 ? '' : 's'} so far.
      </p>
      <ProblemNotice error={error} />
      <div class="charts">
        {CHARTS.map((spec) => (
          <Chart key={spec.title} spec={spec} points={points} />
        ))}
      </div>
    </section>
  );
}

function Chart({ spec, points }: { spec: ChartSpec; points: OverviewPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const data: uPlot.AlignedData = [
    points.map((p) => p.time),
    ...spec.series.map((s) => points.map((p) => s.value(p) ?? null)),
  ];
  useEffect(() => {
    const element = box.current!;
    plot.current = new uPlot(
      {
        width: Math.max(element.clientWidth, 280),
        height: 180,
        series: [
          {},
          ...spec.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, spanGaps: false })),
        ],
        axes: [{}, { label: spec.unit, size: 60 }],
        scales: {
          // the points kept, at least a minute: the first points neither stretch the axis over years nor vanish
          x: {
            time: true,
            range: (_u, min, max) => timeRange(min, max),
          },
          // from zero, with room above the highest point so it is not drawn on the frame
          y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)] },
        },
        legend: { show: true },
      },
      data,
      element,
    );
    const resize = () => plot.current?.setSize({ width: Math.max(element.clientWidth, 280), height: 180 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current?.destroy();
    };
  }, [spec]);
  useEffect(() => {
    plot.current?.setData(data);
  }, [points]);
  const latest = points.at(-1);
  const now = spec.series
    .map((s) => {
      const value = latest ? s.value(latest) : undefined;
      return `${s.label} ${value === undefined ? 'not reported' : `${round(value)} ${spec.unit}`}`;
    })
    .join(', ');
  const available = points.some((p) => spec.series.some((s) => s.value(p) !== undefined));
  return (
    <figure class="chart">
      <figcaption>{spec.title}</figcaption>
      <div ref={box} role="img" aria-label={`${spec.title} over time; now ${now}`} />
      {!available && points.length > 0 && <p class="hint">This server does not report it yet.</p>}
    </figure>
  );
}

const MIN_SPAN_SECONDS = 60;

function timeRange(min: number | null, max: number | null): [number, number] {
  const end = max ?? Date.now() / 1000;
  const start = Math.max(min ?? end, end - WINDOW_SECONDS);
  return [Math.min(start, end - MIN_SPAN_SECONDS), end];
}

const round = (value: number) => (value >= 100 ? Math.round(value) : Math.round(value * 100) / 100);
