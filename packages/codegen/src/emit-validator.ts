import { createAjv, type Dialect, type ReferencedSchema } from '@schemagate/core';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createStandaloneCode, type RuntimeNeeds, runtimeNeeds } from './validator-runtime.ts';

/**
 * Standalone validator code for one schema, as an expression that evaluates to the validate function, and what
 * that code needs from the module around it ({@link RuntimeNeeds}). The ajv instance comes from core's
 * `createAjv` (the one place ajv options and formats are set) and gets the references the way core's
 * `compileSchema` adds them, so the generated code validates as the server does; patterns and formats are
 * reached through what validator-runtime.ts defines, never through a package of ours.
 *
 * Each schema's code runs in its own function scope, because ajv names its functions and constants
 * `validate20`, `schema31`... per instance and two schemas' code would clash in one module. ajv's ESM
 * flavour only changes how the code exports, into top-level `export`s that cannot sit in a function,
 * so the CommonJS flavour is emitted and its `module.exports` picked up; the module supplies `require`
 * for the ajv run-time helpers the code asks for (ajv emits `require(...)` for them in both flavours).
 */
export function emitStandaloneValidator(
  schema: unknown,
  dialect: Dialect,
  references: readonly ReferencedSchema[],
  label: string,
): { code: string; needs: RuntimeNeeds } {
  const standalone = createStandaloneCode();
  // compileSchema has already checked the schema against its meta-schema, as the server does, and adds
  // references unchecked; so does this.
  const ajv = createAjv(dialect, { standalone: standalone.options, validateSchema: false });
  for (const reference of references) ajv.addSchema(reference.schema as object, reference.uri);
  const validate = ajv.compile(schema as object);
  const code = standaloneCode.default(ajv, validate);
  return {
    code: `(() => {\nconst module = { exports: {} };\n${code}\nreturn module.exports;\n})()`,
    needs: runtimeNeeds(code, standalone.linearPatterns, label),
  };
}
