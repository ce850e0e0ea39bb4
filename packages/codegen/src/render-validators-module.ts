import { type RenderedSchema, renderHeader } from './render-bindings-module.ts';
import { type RuntimeDependency, type RuntimeNeeds, renderRuntimePrelude } from './validator-runtime.ts';

/**
 * The validators module (`validators.js`), ESM, with each schema's standalone code in its own scope. Above them,
 * what that code reaches (validator-runtime.ts): the re2js engine when a pattern needs it, the formats ajv does not
 * inline, and ajv's run-time helpers under the ids ajv's code `require`s them by. Nothing of schemagate's.
 */
export function renderValidatorsModule(
  schemas: readonly RenderedSchema[],
  codeByType: ReadonlyMap<string, string>,
  needs: RuntimeNeeds,
  dependencies: readonly RuntimeDependency[],
): string {
  const body = schemas.map((s) => `export const validate${s.typeName} = ${codeByType.get(s.typeName)};`);
  return `${[renderHeader(schemas, dependencies), renderRuntimePrelude(needs), ...body]
    .filter((part) => part !== '')
    .join('\n\n')}\n`;
}

/** Declarations for `validators.js`, so the bindings module compiles without `allowJs`. */
export function renderValidatorsDeclarations(
  schemas: readonly RenderedSchema[],
  dependencies: readonly RuntimeDependency[],
): string {
  return `${[
    renderHeader(schemas, dependencies),
    `/** An ajv error object, as the standalone validators report them. */
export interface RawValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** An ajv standalone validate function: true when valid, otherwise \`errors\` says why. */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: RawValidationError[] | null;
}`,
    ...schemas.map((s) => `export declare const validate${s.typeName}: StandaloneValidator;`),
  ].join('\n\n')}\n`;
}
