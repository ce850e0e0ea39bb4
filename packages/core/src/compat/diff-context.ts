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

/** Pairs of subschemas already being compared: a pair met again is assumed to hold (recursion). */
class AssumedPairs {
  private readonly pairs = new Map<object | boolean, Set<object | boolean>>();
  constructor(private readonly parent?: AssumedPairs) {}
  has(original: SchemaNode, update: SchemaNode): boolean {
    return this.pairs.get(original)?.has(update) === true || this.parent?.has(original, update) === true;
  }
  add(original: SchemaNode, update: SchemaNode): void {
    const set = this.pairs.get(original) ?? new Set();
    this.pairs.set(original, set);
    set.add(update);
  }
}

/** How much work one comparison may do before it gives up and says it cannot decide. */
const WORK_BUDGET = 250_000;
/** How deep subschemas may nest before the walk gives up, so deep schemas cannot overflow the stack. */
export const MAX_DEPTH = 400;

/** State of one comparison of an original schema with an update. */
export class DiffContext {
  readonly changes: FoundChange[] = [];
  private readonly assumed: AssumedPairs;
  private readonly work: { used: number };

  constructor(
    readonly original: SchemaDocument,
    readonly update: SchemaDocument,
    readonly policy: CompatibilityPolicy,
    parent?: DiffContext,
  ) {
    this.assumed = new AssumedPairs(parent?.assumed);
    this.work = parent?.work ?? { used: 0 };
  }

  /** A context whose findings stay apart, to try whether one subschema is contained in another. */
  trial(): DiffContext {
    return new DiffContext(this.original, this.update, this.policy, this);
  }

  /** Whether the trial found nothing breaking. */
  get clean(): boolean {
    return this.changes.every((change) => !change.breaking);
  }

  /** Marks a pair as under comparison; false when it already is (a recursive schema came back). */
  enter(original: SchemaNode, update: SchemaNode): boolean {
    if (this.assumed.has(original, update)) return false;
    this.assumed.add(original, update);
    return true;
  }

  /** Counts one step of work; false once the budget is spent. */
  spend(): boolean {
    this.work.used += 1;
    return this.work.used <= WORK_BUDGET;
  }

  record(change: FoundChange): void {
    this.changes.push(change);
  }

  adopt(trial: DiffContext): void {
    for (const change of trial.changes) this.changes.push(change);
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
