import type { CompatibilityBudget } from './budget.ts';
import type { SchemaDocument, SchemaNode } from './schema-document.ts';
import type { CompatibilityPolicy } from './types.ts';

/** One step from a value to a value inside it, with the subschema branch chosen on the way. */
export type TrailStep =
  | { kind: 'property'; key: string }
  | { kind: 'item'; index: number }
  | { kind: 'branch'; keyword: 'allOf' | 'anyOf' | 'oneOf'; index: number };

/** Where the walk is: pointers into both schemas and the way to the instance location. */
export interface Location {
  originalPath: string;
  updatePath: string;
  trail: TrailStep[];
}

/** A difference found by the walk, before a witness is looked for. */
export interface FoundChange {
  type: string;
  breaking: boolean;
  message: string;
  location: Location;
  /** The original's and the update's subschemas at the location, to sample witness candidates from. */
  originalNode: SchemaNode;
  updateNode: SchemaNode;
  /** Values worth trying as the witness at the location, before generic samples. */
  seeds?: unknown[];
  /** Update-side subschemas whose example values are worth trying (e.g. what a new `not` excludes). */
  seedNodes?: SchemaNode[];
}

/** A pair of subschemas under comparison, on the stack of {@link Comparison}. */
interface PairFrame {
  original: SchemaNode;
  update: SchemaNode;
  /** The lowest stack index of a pair in progress that this one's result relied on (assumed to hold). */
  reliesOn: number;
}

/**
 * What all contexts of one comparison (an original document read against an update, under one policy) share: the
 * pairs in progress, and the findings of pairs already compared, so that a pair met again through another path
 * (a diamond of `$ref`s) costs nothing more and reports what it reported the first time.
 */
class Comparison {
  readonly stack: PairFrame[] = [];
  readonly #done = new Map<SchemaNode, Map<SchemaNode, readonly FoundChange[]>>();

  constructor(readonly budget: CompatibilityBudget) {}

  remembered(original: SchemaNode, update: SchemaNode): readonly FoundChange[] | undefined {
    return this.#done.get(original)?.get(update);
  }

  remember(original: SchemaNode, update: SchemaNode, changes: readonly FoundChange[]): void {
    let byUpdate = this.#done.get(original);
    if (!byUpdate) {
      byUpdate = new Map();
      this.#done.set(original, byUpdate);
    }
    byUpdate.set(update, changes);
  }

  /** The stack index of a pair in progress, or -1. */
  inProgress(original: SchemaNode, update: SchemaNode): number {
    for (let index = this.stack.length - 1; index >= 0; index -= 1) {
      const frame = this.stack[index]!;
      if (frame.original === original && frame.update === update) return index;
    }
    return -1;
  }
}

/** How deep subschemas may nest before the walk gives up, so deep schemas cannot overflow the stack. */
export const MAX_DEPTH = 400;

/** What {@link DiffContext.comparePair} does with a pair. */
export type PairComparison = (context: DiffContext) => void;

/** State of one comparison of an original schema with an update. */
export class DiffContext {
  readonly changes: FoundChange[] = [];
  readonly #recorded = new Set<FoundChange>();
  readonly #comparison: Comparison;

  constructor(
    readonly original: SchemaDocument,
    readonly update: SchemaDocument,
    readonly policy: CompatibilityPolicy,
    /** A context of the same comparison (a trial), or the budget of a new one. */
    parent: DiffContext | CompatibilityBudget,
  ) {
    this.#comparison = parent instanceof DiffContext ? parent.#comparison : new Comparison(parent);
  }

  /** A context whose findings stay apart, to try whether one subschema is contained in another. */
  trial(): DiffContext {
    return new DiffContext(this.original, this.update, this.policy, this);
  }

  /** A comparison of the update's subschemas against the original's (under `not`), on the same budget. */
  swapped(): DiffContext {
    return new DiffContext(this.update, this.original, this.policy, this.#comparison.budget);
  }

  get budget(): CompatibilityBudget {
    return this.#comparison.budget;
  }

  /** Whether the trial found nothing breaking. */
  get clean(): boolean {
    return this.changes.every((change) => !change.breaking);
  }

  /**
   * Compares a pair of (normalized) subschemas once per comparison. A pair met again gives back the findings of
   * its first comparison; a pair met again while it is still being compared (a recursive schema) is assumed to
   * hold. A result that relied on such an assumption about an enclosing pair is not remembered, since it holds
   * only inside that pair.
   */
  comparePair(original: SchemaNode, update: SchemaNode, compare: PairComparison): void {
    const comparison = this.#comparison;
    const known = comparison.remembered(original, update);
    if (known) {
      for (const change of known) this.record(change);
      return;
    }
    const stack = comparison.stack;
    const active = comparison.inProgress(original, update);
    if (active !== -1) {
      const top = stack[stack.length - 1];
      if (top) top.reliesOn = Math.min(top.reliesOn, active);
      return;
    }
    const index = stack.length;
    const frame: PairFrame = { original, update, reliesOn: Number.POSITIVE_INFINITY };
    stack.push(frame);
    const from = this.changes.length;
    try {
      compare(this);
    } finally {
      stack.pop();
    }
    if (frame.reliesOn >= index) {
      comparison.remember(original, update, this.changes.slice(from));
    } else {
      const parent = stack[stack.length - 1];
      if (parent) parent.reliesOn = Math.min(parent.reliesOn, frame.reliesOn);
    }
  }

  /** Records a finding once: a finding replayed from a remembered pair is not counted twice. */
  record(change: FoundChange): void {
    if (this.#recorded.has(change)) return;
    this.#recorded.add(change);
    this.changes.push(change);
  }

  adopt(trial: DiffContext): void {
    for (const change of trial.changes) this.record(change);
  }
}

/** Appends a JSON Pointer token. */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  let path = base;
  for (const token of tokens) path += `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return path;
}

/** A location one keyword deeper in both schemas, optionally one step deeper in the instance. */
export function descend(at: Location, tokens: Array<string | number>, step?: TrailStep): Location {
  return {
    originalPath: pointer(at.originalPath, ...tokens),
    updatePath: pointer(at.updatePath, ...tokens),
    trail: step ? [...at.trail, step] : at.trail,
  };
}
