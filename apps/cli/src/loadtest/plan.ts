/** What a phase of a load test does: send at a rate for a burst, nothing while idle, or a steady rate. */
export type PhaseKind = 'burst' | 'idle' | 'steady';

export interface PlannedPhase {
  kind: PhaseKind;
  seconds: number;
  /** Requests a second; 0 while idle. */
  rate: number;
}

/** The load's shape from the command's flags: a steady rate, or bursts with random idle gaps between them. */
export type LoadShape =
  | { kind: 'steady'; durationSeconds: number; rate: number }
  | {
      kind: 'bursts';
      durationSeconds: number;
      burstRate: number;
      burstSeconds: number;
      idleMinSeconds: number;
      idleMaxSeconds: number;
    };

/**
 * The phases of a run: one steady phase, or bursts of `burstSeconds` each followed by an idle gap drawn uniformly
 * from [idleMin, idleMax], beginning with a burst; the last phase is cut where the duration ends.
 */
export function planPhases(shape: LoadShape, random: () => number = Math.random): PlannedPhase[] {
  if (shape.kind === 'steady') return [{ kind: 'steady', seconds: shape.durationSeconds, rate: shape.rate }];
  const phases: PlannedPhase[] = [];
  let left = shape.durationSeconds;
  while (left > 0) {
    const burst = Math.min(shape.burstSeconds, left);
    phases.push({ kind: 'burst', seconds: burst, rate: shape.burstRate });
    left -= burst;
    if (left <= 0) break;
    const drawn = shape.idleMinSeconds + random() * (shape.idleMaxSeconds - shape.idleMinSeconds);
    const idle = Math.min(drawn, left);
    // an idle gap of 0 (idle-max 0) is no gap: bursts follow each other
    if (idle > 0) phases.push({ kind: 'idle', seconds: idle, rate: 0 });
    left -= idle;
  }
  return phases;
}

/** Checks a shape's numbers, naming the flag a wrong one came from. */
export function checkShape(shape: LoadShape): void {
  const positive = (value: number, flag: string) => {
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${flag} must be a number above 0, got ${value}`);
  };
  positive(shape.durationSeconds, '--duration');
  if (shape.kind === 'steady') {
    positive(shape.rate, '--rate');
    return;
  }
  positive(shape.burstRate, '--burst-rate');
  positive(shape.burstSeconds, '--burst-seconds');
  const { idleMinSeconds: min, idleMaxSeconds: max } = shape;
  if (!Number.isFinite(min) || min < 0) throw new Error(`--idle-min must be 0 or more, got ${min}`);
  if (!Number.isFinite(max) || max < min)
    throw new Error(`--idle-max must be at least --idle-min (${min}), got ${max}`);
}
