export type {
  BindingFailure,
  BindingInput,
  BindingsLanguage,
  GenerateBindingsOptions,
  GeneratedFile,
} from './binding-input.ts';
export { generateBindings } from './generate-bindings.ts';
export { assignTypeNames, typeNameForSchema } from './naming.ts';
export { referenceResolver, withReferences } from './reference-resolver.ts';
export type { RuntimeDependency } from './validator-runtime.ts';
export { writeBindings } from './write-bindings.ts';
