import type { LoadReport } from './run-load.ts';

const ms = (value: number | null) => (value === null ? '-' : value.toFixed(1));

/** The report as a table: one row a phase, then the total. */
export function formatLoadReport(report: LoadReport): string {
  const header = [
    'phase',
    'kind',
    'at s',
    'seconds',
    'requests',
    'ok',
    'throttled',
    'errors',
    'p50 ms',
    'p99 ms',
    'late ms',
  ];
  const started = Date.parse(report.total.startedAt);
  const rows = report.phases.map((p, i) => [
    String(i + 1),
    p.kind,
    ((Date.parse(p.startedAt) - started) / 1000).toFixed(1),
    p.seconds.toFixed(2),
    String(p.requests),
    String(p.ok),
    String(p.throttled),
    String(p.errors),
    ms(p.p50Ms),
    ms(p.p99Ms),
    ms(p.maxLateMs),
  ]);
  const t = report.total;
  rows.push([
    'total',
    '',
    '',
    t.seconds.toFixed(2),
    String(t.requests),
    String(t.ok),
    String(t.throttled),
    String(t.errors),
    ms(t.p50Ms),
    ms(t.p99Ms),
    ms(t.maxLateMs),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const listed = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([what, count]) => `${what}: ${count}`)
      .join(', ');
  const statuses = listed(t.statuses);
  const failures = listed(t.failures);
  return [
    `${report.endpoint} at ${report.url}, ${report.connections} connection(s)`,
    line(header),
    ...rows.map(line),
    `answers by status: ${statuses || 'none'}; late ms: the most a request left after its planned time (the client's delay)`,
    ...(failures ? [`requests without an answer: ${failures}`] : []),
  ].join('\n');
}
