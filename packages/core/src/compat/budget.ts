/** What one {@link checkCompatibility} call may spend. */
export interface CompatibilityLimits {
  /** Subschema pairs the comparison may visit, over every version and direction compared (a memoized pair counts once more per visit). */
  maxSteps?: number;
  /** Milliseconds the whole check may take; the comparison is checked every few steps, the witness search per value. */
  maxMillis?: number;
  /** Candidate values the witness search may try over the whole report; past it, changes are reported without one. */
  maxWitnessCandidates?: number;
  /** Milliseconds the witness search may take over the whole report, from its first candidate (within `maxMillis`). */
  maxWitnessMillis?: number;
}

/** The limits a check runs under when its caller names none: bounded in steps, not in time. */
export const DEFAULT_COMPATIBILITY_LIMITS: Readonly<Required<CompatibilityLimits>> = {
  maxSteps: 1_000_000,
  maxMillis: Number.POSITIVE_INFINITY,
  maxWitnessCandidates: 20_000,
  maxWitnessMillis: 10_000,
};

/** Which limit a check ran past. */
export type CompatibilityLimit = 'steps' | 'time';

/**
 * The schemas could not be compared within the limits. `code` is the API's problem code (`schema_too_complex`);
 * `limit` and `max` name the limit that was hit.
 */
export class CompatibilityLimitError extends Error {
  readonly code = 'schema_too_complex';
  constructor(
    readonly limit: CompatibilityLimit,
    readonly max: number,
  ) {
    super(
      limit === 'steps'
        ? `comparing the schemas needs more than ${max} steps (subschema pairs)`
        : `comparing the schemas takes longer than ${max} ms`,
    );
    this.name = 'CompatibilityLimitError';
  }
}

/** How often (in steps) the comparison looks at the clock: often enough to stop in time, rarely enough to cost nothing. */
const CLOCK_EVERY = 64;

/** The spending of one check: steps and time of the comparison, candidates and time of the witness search. */
export class CompatibilityBudget {
  readonly limits: Readonly<Required<CompatibilityLimits>>;
  #steps = 0;
  #candidates = 0;
  readonly #deadline: number;
  /** Set when the witness search starts. */
  #witnessDeadline = Number.POSITIVE_INFINITY;
  readonly #now: () => number;

  constructor(limits: CompatibilityLimits = {}, now: () => number = () => performance.now()) {
    this.limits = {
      maxSteps: limits.maxSteps ?? DEFAULT_COMPATIBILITY_LIMITS.maxSteps,
      maxMillis: limits.maxMillis ?? DEFAULT_COMPATIBILITY_LIMITS.maxMillis,
      maxWitnessCandidates: limits.maxWitnessCandidates ?? DEFAULT_COMPATIBILITY_LIMITS.maxWitnessCandidates,
      maxWitnessMillis: limits.maxWitnessMillis ?? DEFAULT_COMPATIBILITY_LIMITS.maxWitnessMillis,
    };
    this.#now = now;
    this.#deadline = now() + this.limits.maxMillis;
  }

  /** Counts one step of the comparison; throws {@link CompatibilityLimitError} past either limit. */
  step(): void {
    this.#steps += 1;
    if (this.#steps > this.limits.maxSteps) throw new CompatibilityLimitError('steps', this.limits.maxSteps);
    if (this.#steps % CLOCK_EVERY === 1 && this.#now() > this.#deadline) {
      throw new CompatibilityLimitError('time', this.limits.maxMillis);
    }
  }

  /** Counts one witness candidate; false once the candidates or the time are spent (the search then stops). */
  candidate(): boolean {
    this.#candidates += 1;
    return this.#candidates <= this.limits.maxWitnessCandidates && this.#witnessTimeLeft();
  }

  /** Whether the witness search may still start on a change (the first call starts its clock). */
  get witnessesLeft(): boolean {
    if (this.#witnessDeadline === Number.POSITIVE_INFINITY) {
      this.#witnessDeadline = this.#now() + this.limits.maxWitnessMillis;
    }
    return this.#candidates < this.limits.maxWitnessCandidates && this.#witnessTimeLeft();
  }

  #witnessTimeLeft(): boolean {
    const now = this.#now();
    return now <= this.#deadline && now <= this.#witnessDeadline;
  }

  /** Milliseconds left for witnesses (infinite without a time limit). */
  get millisLeft(): number {
    return Math.min(this.#deadline, this.#witnessDeadline) - this.#now();
  }

  get steps(): number {
    return this.#steps;
  }
}
