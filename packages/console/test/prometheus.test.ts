import { describe, expect, it } from 'vitest';
import {
  overviewPoint,
  parseExposition,
  quantileBetween,
  ratePerSecond,
  type Scrape,
} from '../src/app/prometheus.ts';

const exposition = (lines: string[]) => `# HELP x y\n# TYPE x counter\n${lines.join('\n')}\n`;
const scrape = (at: number, lines: string[]): Scrape => ({ at, samples: parseExposition(exposition(lines)) });

describe('parseExposition', () => {
  it('reads names, labels with escapes, and special values', () => {
    const samples = parseExposition(
      exposition([
        'schemagate_validations_total{registry="shop",schema="a\\"b",result="valid"} 12',
        'schemagate_outbox_pending 3',
        'h_bucket{le="+Inf"} 7 1700000000000',
      ]),
    );
    expect(samples).toEqual([
      {
        name: 'schemagate_validations_total',
        labels: { registry: 'shop', schema: 'a"b', result: 'valid' },
        value: 12,
      },
      { name: 'schemagate_outbox_pending', labels: {}, value: 3 },
      { name: 'h_bucket', labels: { le: '+Inf' }, value: 7 },
    ]);
  });
});

describe('rates and quantiles between scrapes', () => {
  const before = scrape(0, [
    'schemagate_validations_total{result="valid"} 10',
    'schemagate_validations_total{result="invalid"} 4',
    'd_bucket{route="/v1/validate",le="0.01"} 10',
    'd_bucket{route="/v1/validate",le="0.1"} 10',
    'd_bucket{route="/v1/validate",le="+Inf"} 10',
  ]);
  const after = scrape(2000, [
    'schemagate_validations_total{result="valid"} 30',
    'schemagate_validations_total{result="invalid"} 5',
    'd_bucket{route="/v1/validate",le="0.01"} 10',
    'd_bucket{route="/v1/validate",le="0.1"} 110',
    'd_bucket{route="/v1/validate",le="+Inf"} 110',
  ]);

  it('counts a counter per second, and from zero after a restart', () => {
    expect(ratePerSecond(before, after, 'schemagate_validations_total', (l) => l.result === 'valid')).toBe(
      10,
    );
    const restarted = scrape(4000, ['schemagate_validations_total{result="valid"} 6']);
    expect(ratePerSecond(after, restarted, 'schemagate_validations_total', (l) => l.result === 'valid')).toBe(
      3,
    );
    expect(ratePerSecond(before, after, 'absent_total')).toBeUndefined();
  });

  it('interpolates the p99 within the bucket the new observations fell in', () => {
    // 100 new observations, all in (0.01, 0.1]: the 99th is 99% of the way through that bucket
    expect(quantileBetween(before, after, 'd', 0.99)).toBeCloseTo(0.01 + 0.09 * 0.99, 6);
    expect(quantileBetween(before, before, 'd', 0.99)).toBeUndefined();
  });

  it('makes the overview point, leaving metrics the server lacks undefined', () => {
    const point = overviewPoint(before, after);
    expect(point.validValidations).toBe(10);
    expect(point.invalidValidations).toBe(0.5);
    expect(point.outboxPending).toBeUndefined();
    expect(point.time).toBe(2);
  });
});
