import { type BindingInput, generateBindings } from '@schemagate/codegen';
import {
  type AnalyzeResult,
  analyzeSchema,
  compileSchema,
  type ReferencedSchema,
  type SchemaInput,
  type ValidationError,
  ValidatorCache,
} from '@schemagate/core';
import type { PooledSchema } from '../services/budget.ts';

// Each worker keeps the validators it compiled: the schemas that come here are the ones too costly to compile twice.
const validators = new ValidatorCache({ max: 64 });

/** A schema handed to a worker as JSON text: a string crosses threads far faster than the object it parses to. */
type SchemaText = { format: SchemaInput['format']; schemaText: string };

// Compiling once while the worker loads (before it says it is ready) builds ajv's meta-schema validator and warms
// the compiler, which would otherwise count against the first task's time limit.
const warmUp = Object.fromEntries(
  Array.from({ length: 200 }, (_, i) => [
    `p${i}`,
    [{ type: 'string', maxLength: 8 }, { type: 'integer' }, { enum: [1, 2] }][i % 3],
  ]),
);
compileSchema({ format: 'jsonschema', schema: { type: 'object', properties: warmUp, required: ['p0'] } });

/**
 * The schema work of the pool (see `tasks.ts`): compiling a large schema, validating an event that may be costly,
 * and generating bindings. Each runs under the pool's hard time limit; a compile error keeps its API code.
 */
export const schemaTasks = {
  /**
   * Checks a large schema before registration (core's analyzeSchema: meta-schema, patterns, references), and says
   * how long that took here, so the compile that follows gets what is left of the budget.
   */
  analyzeSchema: (args: SchemaText): { analyzed: AnalyzeResult; tookMs: number } => {
    const started = performance.now();
    const analyzed = analyzeSchema({ format: args.format, schema: JSON.parse(args.schemaText) });
    return { analyzed, tookMs: performance.now() - started };
  },
  /** Compiles a schema to prove it compiles (registration); throws core's SchemaCompileError otherwise. */
  compileSchema: (args: SchemaText & { referencesText: string }): true => {
    compileSchema(
      { format: args.format, schema: JSON.parse(args.schemaText) },
      JSON.parse(args.referencesText) as ReferencedSchema[],
    );
    return true;
  },
  /** Validates one event; the schema is parsed and compiled only when this worker has not compiled its key yet. */
  validate: (args: PooledSchema & { event: unknown }): ValidationError[] | null =>
    validators
      .getOrCompile(args.key, () => ({
        input: { format: args.format, schema: JSON.parse(args.schemaText) },
        references: JSON.parse(args.referencesText) as ReferencedSchema[],
      }))
      .validate(args.event),
  /** TypeScript bindings of one version, as `GET .../bindings/typescript` serves them. */
  bindings: (input: BindingInput) => generateBindings([input]),
};
