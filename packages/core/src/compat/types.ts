/** Schema format as stored by the registry. */
export type SchemaFormat = 'jsonschema' | 'openapi3';

/** A schema as the registry stores it: its format and its parsed JSON document. */
export interface SchemaInput {
  format: SchemaFormat;
  schema: unknown;
}

/** A schema another one may `$ref` by its absolute URI (its `$id` in the registry). */
export interface ReferencedSchema {
  uri: string;
  schema: unknown;
}

/** Confluent's compatibility modes. */
export type CompatibilityMode =
  | 'NONE'
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE';

/**
 * `strict` follows Confluent Schema Registry's JSON Schema rules; `lenient` assumes producers send no
 * property their schema does not declare.
 */
export type CompatibilityPolicy = 'strict' | 'lenient';

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
}

/** Every mode, for validation of user input. */
export const COMPATIBILITY_MODES: readonly CompatibilityMode[] = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
];

/** Every policy, for validation of user input. */
export const COMPATIBILITY_POLICIES: readonly CompatibilityPolicy[] = ['strict', 'lenient'];
