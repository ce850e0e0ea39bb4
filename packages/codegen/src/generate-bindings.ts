import {
  compileSchema,
  detectDialect,
  extractRouteKeys,
  SchemaCompileError,
  toJsonSchema,
} from '@schemagate/core';
import type {
  BindingFailure,
  BindingInput,
  GenerateBindingsOptions,
  GeneratedFile,
} from './binding-input.ts';
import { emitTypeDeclarations } from './emit-types.ts';
import { emitStandaloneValidator } from './emit-validator.ts';
import { assignTypeNames, bindingKey, compareInputs, compareVersions } from './naming.ts';
import { type RenderedSchema, renderBindingsModule } from './render-bindings-module.ts';
import { renderValidatorsDeclarations, renderValidatorsModule } from './render-validators-module.ts';
import {
  mergeNeeds,
  type RuntimeDependency,
  type RuntimeNeeds,
  runtimeDependencies,
} from './validator-runtime.ts';

/**
 * Bindings for a set of schema versions: `index.ts` (types, `is*`/`assert*` guards, `SchemaTypes` and
 * `schemaBindings`; with `lang: 'js'`, `index.js` and `index.d.ts` instead), `validators.js` (ajv standalone
 * code, no schema compiled at run time) and `validators.d.ts`. The files need nothing of schemagate's at run
 * time, and no npm package unless `runtimeDependencies` names one (`re2js` for a pattern that only its
 * linear-time engine runs safely, `ajv-formats` for a format it checks with a function, such as `uri`); the
 * files' header names them too. Pure: no I/O, and the same set gives the same bytes whatever order it comes in.
 * A schema that cannot be generated (the registry would refuse it, a reference is missing) throws, unless
 * `keepGoing` is set: then every other binding is written and `failures` names each one left out, and why.
 * See `naming.ts` for how type names are chosen.
 *
 * @example
 * const { files } = await generateBindings([{ registry: 'shop', name: 'orders@OrderPlaced', version: 3,
 *   fingerprint, format: 'jsonschema', schema }]);
 */
export async function generateBindings(
  inputs: readonly BindingInput[],
  options: GenerateBindingsOptions = {},
): Promise<{ files: GeneratedFile[]; runtimeDependencies: RuntimeDependency[]; failures: BindingFailure[] }> {
  const sorted = [...inputs].sort(compareInputs);
  assertUniqueVersions(sorted);
  const typeNames = assignTypeNames(sorted);
  const registriesByName = new Map<string, Set<string>>();
  for (const input of sorted) {
    registriesByName.set(input.name, (registriesByName.get(input.name) ?? new Set()).add(input.registry));
  }

  const schemas: RenderedSchema[] = [];
  const generated: BindingInput[] = [];
  const failures: BindingFailure[] = [];
  const codeByType = new Map<string, string>();
  const needs: RuntimeNeeds[] = [];
  for (const input of sorted) {
    const typeName = typeNames.get(bindingKey(input))!;
    let emitted: Awaited<ReturnType<typeof emitBinding>>;
    try {
      emitted = await emitBinding(input, typeName, options);
    } catch (error) {
      if (!options.keepGoing) throw error;
      failures.push(bindingFailure(input, error));
      continue;
    }
    codeByType.set(typeName, emitted.code);
    needs.push(emitted.needs);
    generated.push(input);
    const shared = (registriesByName.get(input.name)?.size ?? 0) > 1;
    schemas.push({
      registry: input.registry,
      name: input.name,
      version: input.version,
      fingerprint: input.fingerprint,
      state: input.state,
      typeName,
      declarations: emitted.declarations,
      envelope: emitted.envelope,
      route: extractRouteKeys(input),
      routable: false,
      bindingName: shared ? `${input.registry}/${input.name}` : input.name,
    });
  }
  // the newest version of each schema that could be generated routes
  const newest = newestVersions(generated);
  for (const schema of schemas)
    schema.routable = newest.get(`${schema.registry}/${schema.name}`) === schema.version;
  assertUniqueDeclarations(schemas);

  const moduleNeeds = mergeNeeds(needs);
  const dependencies = runtimeDependencies(moduleNeeds);
  const bindings: GeneratedFile[] =
    options.lang === 'js'
      ? [
          { path: 'index.js', contents: renderBindingsModule(schemas, dependencies, 'js') },
          { path: 'index.d.ts', contents: renderBindingsModule(schemas, dependencies, 'dts') },
        ]
      : [{ path: 'index.ts', contents: renderBindingsModule(schemas, dependencies, 'ts') }];
  return {
    files: [
      ...bindings,
      {
        path: 'validators.js',
        contents: renderValidatorsModule(schemas, codeByType, moduleNeeds, dependencies),
      },
      { path: 'validators.d.ts', contents: renderValidatorsDeclarations(schemas, dependencies) },
    ],
    runtimeDependencies: dependencies,
    failures,
  };
}

/** One schema's types and validator code. */
async function emitBinding(input: BindingInput, typeName: string, options: GenerateBindingsOptions) {
  // Converted and dialect-picked as core's compileSchema does: OpenAPI's AWSEvent becomes draft-04.
  const jsonSchema = toJsonSchema(input);
  const dialect = input.format === 'openapi3' ? 'draft-04' : detectDialect(input.schema);
  const references = [...(input.references ?? [])];
  // The registry's own gate (meta-schema, unresolved references, unsafe patterns): a schema the server
  // would refuse gets no binding either. It throws core's SchemaCompileError.
  compileSchema(input, references);
  const { declarations, envelope } = await emitTypeDeclarations(jsonSchema, typeName, references, {
    format: options.format ?? true,
  });
  const validator = emitStandaloneValidator(jsonSchema, dialect, references, bindingKey(input));
  return { declarations, envelope, code: validator.code, needs: validator.needs };
}

function bindingFailure(input: BindingInput, error: unknown): BindingFailure {
  const failure: BindingFailure = {
    registry: input.registry,
    name: input.name,
    version: input.version,
    reason: error instanceof Error ? error.message : String(error),
  };
  if (error instanceof SchemaCompileError) failure.code = error.code;
  return failure;
}

function newestVersions(inputs: readonly BindingInput[]): Map<string, BindingInput['version']> {
  const newest = new Map<string, BindingInput['version']>();
  for (const input of inputs) {
    const key = `${input.registry}/${input.name}`;
    const seen = newest.get(key);
    if (seen === undefined || compareVersions(input.version, seen) > 0) newest.set(key, input.version);
  }
  return newest;
}

function assertUniqueVersions(sorted: readonly BindingInput[]): void {
  for (let i = 1; i < sorted.length; i++) {
    if (compareInputs(sorted[i - 1]!, sorted[i]!) === 0) {
      throw new Error(`generateBindings: ${bindingKey(sorted[i]!)} is in the set twice`);
    }
  }
}

/**
 * Type names are prefixed per schema, so two schemas can only produce the same exported name through
 * an unlucky prefix (`Order` + `PlacedX` vs `OrderPlaced` + `X`). TypeScript would silently merge two
 * such interfaces, so refuse instead.
 */
function assertUniqueDeclarations(schemas: readonly RenderedSchema[]): void {
  const owner = new Map<string, string>();
  for (const schema of schemas) {
    const names = new Set(
      [...schema.declarations.matchAll(/^export (?:interface|type|enum|const enum) ([A-Za-z0-9_$]+)/gm)].map(
        (match) => match[1]!,
      ),
    );
    for (const name of names) {
      const previous = owner.get(name);
      if (previous !== undefined) {
        throw new Error(`generateBindings: type ${name} is declared by both ${previous} and ${schema.name}`);
      }
      owner.set(name, `${schema.registry}/${schema.name}/${schema.version}`);
    }
  }
}
