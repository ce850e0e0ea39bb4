import { compileSchema } from '../compile.ts';
import { DEFAULT_SCHEMA_COST_LIMITS, measureSchemaCost } from '../schema-cost.ts';
import type { CompatibilityBudget } from './budget.ts';
import type { ReferencedSchema, SchemaInput } from './types.ts';

/** Decides whether one version of a schema accepts a value, with the same rules as the registry. */
export type AcceptanceCheck = (value: unknown) => boolean;

/** What compiling costs per subschema, roughly (10,000 properties: about 2.5 s), to tell whether it fits the time left. */
const COMPILE_MS_PER_SUBSCHEMA = 0.5;

/**
 * Compiles the registry's own validator for one schema version, so a witness is judged exactly as an event would be.
 * Returns undefined when the schema cannot be compiled (then no witness is proven), when validating one candidate
 * could pass through more subschemas than registration allows (a diamond of `$ref`s validates in exponential time),
 * or when compiling it would not fit in the time the budget has left.
 */
export function compileAcceptanceCheck(
  input: SchemaInput,
  references: ReferencedSchema[],
  budget: CompatibilityBudget,
): AcceptanceCheck | undefined {
  try {
    const { cost } = measureSchemaCost(input, references);
    if (cost.expandedSubschemas > DEFAULT_SCHEMA_COST_LIMITS.maxExpandedSubschemas) return undefined;
    if (cost.subschemas * COMPILE_MS_PER_SUBSCHEMA > budget.millisLeft) return undefined;
    const validator = compileSchema(input, references);
    return (value) => validator.validate(value) === null;
  } catch {
    return undefined;
  }
}
