import {
  estimateValidationMs,
  eventSizeBound,
  type ReferencedSchema,
  type SchemaCost,
  type SchemaCostLimits,
  type SchemaCostViolation,
  type SchemaInput,
} from '@schemagate/core';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/** What validation and registration may spend, from the configuration; `/v1/quotas` publishes it. */
export interface WorkBudget {
  /** Static bounds on a schema, checked at registration. */
  schema: SchemaCostLimits & {
    /**
     * A schema with more subschemas is compiled, and its events validated, in the work pool (an enum counts a
     * subschema per ten values: ajv writes code for each value).
     */
    inlineCompileSubschemas: number;
    /** The most compiling a schema in the pool may take. */
    compileBudgetMs: number;
    /** The most generating a version's TypeScript bindings may take. */
    bindingsBudgetMs: number;
  };
  validation: {
    /** A validation estimated to take longer leaves the event loop for the work pool. */
    inlineMs: number;
    /** The most one validation (its hard limit in the pool), or one batch, may take. */
    budgetMs: number;
  };
}

export function workBudgetOf(config: Config): WorkBudget {
  return {
    schema: {
      maxSubschemas: config.SCHEMAGATE_MAX_SUBSCHEMAS,
      maxExpandedSubschemas: config.SCHEMAGATE_MAX_EXPANDED_SUBSCHEMAS,
      maxEnumValues: config.SCHEMAGATE_MAX_ENUM_VALUES,
      maxPatternProperties: config.SCHEMAGATE_MAX_PATTERN_PROPERTIES,
      maxPatternRepetition: config.SCHEMAGATE_MAX_PATTERN_REPETITION,
      inlineCompileSubschemas: config.SCHEMAGATE_INLINE_COMPILE_SUBSCHEMAS,
      compileBudgetMs: config.SCHEMAGATE_COMPILE_BUDGET_MS,
      bindingsBudgetMs: config.SCHEMAGATE_BINDINGS_BUDGET_MS ?? config.SCHEMAGATE_COMPILE_BUDGET_MS,
    },
    validation: {
      inlineMs: config.SCHEMAGATE_VALIDATION_INLINE_MS,
      budgetMs: config.SCHEMAGATE_VALIDATION_BUDGET_MS,
    },
  };
}

/** The environment variable behind each schema limit, so a refusal says what an operator could change. */
const LIMIT_VARIABLES: Record<keyof SchemaCostLimits, string> = {
  maxSubschemas: 'SCHEMAGATE_MAX_SUBSCHEMAS',
  maxExpandedSubschemas: 'SCHEMAGATE_MAX_EXPANDED_SUBSCHEMAS',
  maxEnumValues: 'SCHEMAGATE_MAX_ENUM_VALUES',
  maxPatternProperties: 'SCHEMAGATE_MAX_PATTERN_PROPERTIES',
  maxPatternRepetition: 'SCHEMAGATE_MAX_PATTERN_REPETITION',
};

/** 422 `schema_too_complex` naming each limit a schema passes, with the pointer of the keyword. */
export function schemaTooComplex(violations: readonly SchemaCostViolation[]): AppError {
  const first = violations[0]!;
  return new AppError('schema_too_complex', {
    detail: `The schema is over ${violations.length === 1 ? 'a limit' : `${violations.length} limits`}: ${first.message} (${first.limit}, ${LIMIT_VARIABLES[first.limit]})`,
    errors: violations.map((v) => ({
      path: v.path,
      keyword: v.limit,
      message: `${v.message} (${LIMIT_VARIABLES[v.limit]})`,
      schemaPath: '',
    })),
    extensions: { limit: first.limit, max: first.max, found: first.found },
  });
}

/** 422 `validation_budget_exceeded`, naming the budget and what was estimated or spent. */
export function budgetExceeded(budgetMs: number, what: string): AppError {
  return new AppError('validation_budget_exceeded', {
    detail: `${what}, over the validation budget of ${budgetMs} ms (SCHEMAGATE_VALIDATION_BUDGET_MS)`,
    extensions: { limit: 'validationBudgetMs', max: budgetMs },
  });
}

/** Whether a schema of `cost` is too large to compile on the event loop (see `inlineCompileSubschemas`). */
export function compilesInPool(cost: SchemaCost, limits: WorkBudget['schema']): boolean {
  return cost.subschemas + cost.enumValues / 10 > limits.inlineCompileSubschemas;
}

/** A schema as the work pool's `validate` task takes it: JSON text, cheap to hand to a thread, parsed on a miss. */
export interface PooledSchema {
  /** The validator cache key (registry, name, version, fingerprint): the worker compiles each key once. */
  key: string;
  format: SchemaInput['format'];
  schemaText: string;
  referencesText: string;
}

export function pooledSchema(key: string, input: SchemaInput, references: ReferencedSchema[]): PooledSchema {
  return {
    key,
    format: input.format,
    schemaText: JSON.stringify(input.schema),
    referencesText: JSON.stringify(references),
  };
}

/** How the events of one version are validated, decided once per version (see ValidationService). */
export interface ValidationPlan {
  cost: SchemaCost;
  /**
   * An event whose JSON text is at most this long cannot take longer than the inline budget (see core
   * `eventSizeBound`), so it is validated on the event loop without being measured.
   */
  inlineUpTo: number;
  /** The schema is too large to compile on the event loop: its validator lives in the work pool. */
  compileInPool: boolean;
  /** Set on first use of the pool. */
  pooled?: PooledSchema;
}

/** The longest JSON text whose bound stays within `inlineMs` for `cost`: the bound grows with length. */
export function inlineTextLimit(cost: SchemaCost, inlineMs: number): number {
  let low = 0;
  let high = 1 << 30;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (estimateValidationMs(cost, eventSizeBound(mid)) <= inlineMs) low = mid;
    else high = mid - 1;
  }
  return low;
}
