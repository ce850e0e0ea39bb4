import type { ReferencedSchema } from '../compile.ts';
import type { SchemaInput } from '../dialect.ts';
import type { CompatibilityMode, CompatibilityPolicy } from '../registry-enums.ts';
import type { CompatibilityLimits } from './budget.ts';

export type { CompatibilityLimits, CompatibilityMode, CompatibilityPolicy, ReferencedSchema, SchemaInput };

/**
 * `backward`: the candidate must accept what the earlier version accepted.
 * `forward`: the earlier version must accept what the candidate accepts.
 */
export type CompatibilityDirection = 'backward' | 'forward';

/** One difference between two versions of a schema. */
export interface CompatibilityChange {
  /** Confluent's difference type, e.g. `TYPE_NARROWED`, or `UNDECIDED` where the engine cannot tell. */
  type: string;
  /** JSON Pointer into the schema where the change is. */
  path: string;
  breaking: boolean;
  message: string;
  /** A JSON value one version accepts and the other rejects, verified with the real validators. */
  witness?: unknown;
  /** The earlier version this change was found against. */
  version?: number;
  /** Which reading the change breaks or concerns. */
  direction?: CompatibilityDirection;
}

/** The answer of {@link checkCompatibility}. */
export interface CompatibilityReport {
  compatible: boolean;
  mode: CompatibilityMode;
  policy: CompatibilityPolicy;
  changes: CompatibilityChange[];
}

/** Arguments of {@link checkCompatibility}. */
export interface CompatibilityCheckArgs {
  candidate: SchemaInput;
  /** Earlier versions, oldest first. */
  previous: Array<{ version: number; input: SchemaInput }>;
  mode: CompatibilityMode;
  policy: CompatibilityPolicy;
  references?: ReferencedSchema[];
  /** What the check may spend; by default bounded in steps only (`DEFAULT_COMPATIBILITY_LIMITS`). */
  limits?: CompatibilityLimits;
}
