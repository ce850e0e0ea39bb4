/** One registered schema version to generate bindings for; the shape the registry stores and serves. */
export interface BindingInput {
  registry: string;
  /** Schema name, EventBridge style `source@DetailType` or any `[A-Za-z0-9._@-]` name. */
  name: string;
  /** Version number in the registry; a string such as `local` for schemas read from a folder. */
  version: number | string;
  fingerprint: string;
  /** The version's state in the registry (default `active`); the bindings apply core's policy to it. */
  state?: string;
  format: 'jsonschema' | 'openapi3';
  /** The schema document as registered (JSON Schema, or an OpenAPI 3 document for `openapi3`). */
  schema: unknown;
  /** Documents the absolute `$ref`s of `schema` resolve to, under the URI they are referenced by (core's `ReferencedSchema`). */
  references?: ReadonlyArray<{ uri: string; schema: unknown }>;
}

/** A file of generated output, `path` relative to the output folder, always `/`-separated. */
export interface GeneratedFile {
  path: string;
  contents: string;
}

/** Options for {@link generateBindings}. */
export interface GenerateBindingsOptions {
  /** Run the generated types through prettier (json-schema-to-typescript's formatter). Default true. */
  format?: boolean;
  /**
   * `ts` (the default): `index.ts`, `validators.js`, `validators.d.ts`. `js`: `index.js` and `index.d.ts` in
   * place of `index.ts`, for projects that do not compile TypeScript; the same code and the same types.
   */
  lang?: BindingsLanguage;
  /** Leave out a schema that cannot be generated, and name it in `failures`, instead of throwing. */
  keepGoing?: boolean;
}

/** A schema version {@link GenerateBindingsOptions.keepGoing} left out, and why. */
export interface BindingFailure {
  registry: string;
  name: string;
  version: number | string;
  /** Core's `SchemaCompileError` code (`unresolved_reference`, `invalid_schema`, `unsafe_pattern`), when it was one. */
  code?: string;
  reason: string;
}

/** The language of the bindings module. */
export type BindingsLanguage = 'ts' | 'js';
