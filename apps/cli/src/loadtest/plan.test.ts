import { describe, expect, it } from 'vitest';
import { percentile } from './phase-stats.ts';
import { checkShape, planPhases } from './plan.ts';
import { loadStatusLine } from './status-line.ts';

describe('planPhases', () => {
  it('alternates bursts and idle gaps drawn from [idle-min, idle-max], starting with a burst and ending at the duration', () => {
    const draws = [0, 1, 0.5, 0.25];
    let i = 0;
    const phases = planPhases(
      {
        kind: 'bursts',
        durationSeconds: 30,
        burstRate: 100,
        burstSeconds: 3,
        idleMinSeconds: 2,
        idleMaxSeconds: 6,
      },
      () => draws[i++ % draws.length]!,
    );
    expect(phases).toEqual([
      { kind: 'burst', seconds: 3, rate: 100 },
      { kind: 'idle', seconds: 2, rate: 0 },
      { kind: 'burst', seconds: 3, rate: 100 },
      { kind: 'idle', seconds: 6, rate: 0 },
      { kind: 'burst', seconds: 3, rate: 100 },
      { kind: 'idle', seconds: 4, rate: 0 },
      { kind: 'burst', seconds: 3, rate: 100 },
      { kind: 'idle', seconds: 3, rate: 0 },
      { kind: 'burst', seconds: 3, rate: 100 },
    ]);
    expect(phases.reduce((s, p) => s + p.seconds, 0)).toBe(30);
  });

  it('cuts the last phase at the duration, and drops a gap of 0', () => {
    const phases = planPhases(
      {
        kind: 'bursts',
        durationSeconds: 7,
        burstRate: 10,
        burstSeconds: 3,
        idleMinSeconds: 0,
        idleMaxSeconds: 0,
      },
      Math.random,
    );
    expect(phases.map((p) => [p.kind, p.seconds])).toEqual([
      ['burst', 3],
      ['burst', 3],
      ['burst', 1],
    ]);
  });

  it('plans one steady phase for --rate', () => {
    expect(planPhases({ kind: 'steady', durationSeconds: 12, rate: 40 })).toEqual([
      { kind: 'steady', seconds: 12, rate: 40 },
    ]);
  });

  it('refuses numbers that make no run, naming the flag', () => {
    const bursts = {
      kind: 'bursts',
      durationSeconds: 10,
      burstRate: 5,
      burstSeconds: 1,
      idleMinSeconds: 1,
      idleMaxSeconds: 2,
    } as const;
    expect(() => checkShape({ ...bursts, durationSeconds: 0 })).toThrow(
      '--duration must be a number above 0',
    );
    expect(() => checkShape({ ...bursts, burstRate: -1 })).toThrow('--burst-rate');
    expect(() => checkShape({ ...bursts, burstSeconds: Number.NaN })).toThrow('--burst-seconds');
    expect(() => checkShape({ ...bursts, idleMinSeconds: -1 })).toThrow('--idle-min must be 0 or more');
    expect(() => checkShape({ ...bursts, idleMaxSeconds: 0.5 })).toThrow(
      '--idle-max must be at least --idle-min',
    );
    expect(() => checkShape({ kind: 'steady', durationSeconds: 1, rate: 0 })).toThrow('--rate');
    expect(() => checkShape(bursts)).not.toThrow();
  });
});

describe('percentile', () => {
  it('is the nearest rank, null without values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('loadStatusLine', () => {
  it('rewrites one line in place, cut to the terminal width, and clears it', () => {
    const written: string[] = [];
    const line = loadStatusLine({ columns: 40, write: (text: string) => written.push(text) > 0 });
    line.show({
      phase: 3,
      phases: 9,
      kind: 'burst',
      elapsedSeconds: 12.4,
      totalSeconds: 60,
      sent: 1234,
      inFlight: 7,
      ok: 1200,
      throttled: 20,
      errors: 7,
    });
    line.clear();
    expect(written).toEqual([
      `\r\x1b[2K${'12/60 s  phase 3/9 burst  sent 1234  in f'.slice(0, 39)}`,
      '\r\x1b[2K',
    ]);
  });
});
