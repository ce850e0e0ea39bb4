import { resolve } from 'node:path';
import type { BindingInput } from '@schemagate/codegen';
import { type Command, Option } from 'commander';
import { DEFAULT_URL, resolveConnection } from '../registry/connection.ts';
import { dataOption, keyOption } from '../registry/registry-command.ts';

interface CodegenOptions {
  out: string;
  registry?: string;
  schema?: string[];
  from?: string;
  url?: string;
  key?: string;
  data?: string;
  lang: 'ts' | 'js';
  format: 'text' | 'json';
}

/** `schemagate codegen`: TypeScript bindings from a running registry or from a local `schemas/` folder. */
export function registerCodegen(program: Command): void {
  program
    .command('codegen')
    .description(
      'generate types and precompiled validators for schemas (TypeScript, or JavaScript with .d.ts)',
    )
    .requiredOption(
      '--out <dir>',
      'folder to write the bindings into (index.*, validators.js, validators.d.ts)',
    )
    .addOption(
      new Option(
        '--lang <lang>',
        'ts: index.ts; js: index.js + index.d.ts, for projects without a TypeScript build',
      )
        .choices(['ts', 'js'])
        .default('ts'),
    )
    .addHelpText(
      'after',
      `
A schema that cannot be generated (a reference that does not resolve, a schema the registry would refuse) is
named with its reason and left out; the others are written, and the exit status is 1.

The generated files need nothing of schemagate at run time. Their header, and this command's output, name the
npm packages they import, if any: ajv-formats when a schema uses a format it checks with a function (uri, date,
time, regex, ...), re2js when a pattern can only run safely on a linear-time engine. Patterns, date-time and
ajv's helpers are otherwise written into validators.js.`,
    )
    .option('--registry <name>', 'only this registry')
    .option('--schema <name...>', 'only these schemas (latest versions)')
    .option(
      '--from <dir>',
      'read a local schemas/ folder (<registry>/<name>/schema.json) instead of a registry',
    )
    .option('--url <url>', `registry URL (default $SCHEMAGATE_URL, else ${DEFAULT_URL})`)
    .addOption(keyOption())
    .addOption(dataOption())
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: CodegenOptions) => {
      const inputs = options.from
        ? await loadFromFolder(resolve(options.from), options)
        : await loadFromRegistry(options);
      if (inputs.length === 0) throw new Error('no schemas matched');
      const { generateBindings, writeBindings } = await import('@schemagate/codegen');
      // one schema that cannot be generated must not cost the others their bindings
      const { files, runtimeDependencies, failures } = await generateBindings(inputs, {
        lang: options.lang,
        keepGoing: true,
      });
      const { written, unchanged } = await writeBindings(resolve(options.out), files);
      const generated = inputs.length - failures.length;
      if (options.format === 'json') {
        const summary = { schemas: generated, written, unchanged, runtimeDependencies, failures };
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } else {
        const needs = runtimeDependencies.map((dependency) => `${dependency.name} (${dependency.reason})`);
        process.stdout.write(
          `${generated} schemas -> ${options.out}: ${written.length} written, ${unchanged.length} unchanged\n` +
            `run-time npm packages: ${needs.length === 0 ? 'none' : needs.join(', ')}\n`,
        );
        for (const failure of failures) {
          process.stderr.write(
            `not generated: ${failure.registry}/${failure.name} version ${failure.version}: ${failure.reason}\n`,
          );
        }
      }
      if (failures.length > 0) process.exitCode = 1;
    });
}

/**
 * The schemas of a `schemas/` folder as version `local`, read by the SDK's folder loader. Every schema of a
 * registry is read so that `$ref`s between them resolve, even when --schema picks only some.
 */
export async function loadFromFolder(
  dir: string,
  options: Pick<CodegenOptions, 'registry' | 'schema'>,
): Promise<BindingInput[]> {
  const [{ withReferences }, { fingerprint }, { loadSchemaFolder }] = await Promise.all([
    import('@schemagate/codegen'),
    import('@schemagate/core'),
    import('@schemagate/sdk'),
  ]);
  const contracts = await loadSchemaFolder(dir, {
    examples: false,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const registries = [...new Set(contracts.map((contract) => contract.registry))];
  return registries.flatMap((registry) =>
    withReferences(
      contracts
        .filter((contract) => contract.registry === registry)
        .map((contract) => ({
          registry,
          name: contract.name,
          version: 'local',
          fingerprint: fingerprint(contract.schema),
          format: contract.format,
          schema: contract.schema,
        })),
      options.schema,
    ),
  );
}

// The latest version of each schema; every schema of the registry is read so that `$ref`s between them
// resolve, even when --schema picks only some.
async function loadFromRegistry(options: CodegenOptions): Promise<BindingInput[]> {
  const [{ withReferences }, { createClient, readLatestVersions }, { describeFailure }, connection] =
    await Promise.all([
      import('@schemagate/codegen'),
      import('@schemagate/sdk'),
      import('../registry/describe-failure.ts'),
      resolveConnection(options),
    ]);
  const client = createClient({ url: connection.url, key: connection.key });
  try {
    const registries = options.registry
      ? [options.registry]
      : (await client.listRegistries()).items.map((registry) => registry.name);
    const inputs: BindingInput[] = [];
    for (const registry of registries) {
      const versions = await readLatestVersions(client, registry);
      inputs.push(
        ...withReferences(
          versions.map((version) => ({
            registry,
            name: version.name,
            version: version.version,
            fingerprint: version.fingerprint,
            state: version.state,
            format: version.format,
            schema: version.schema,
          })),
          options.schema,
        ),
      );
    }
    return inputs;
  } catch (error) {
    throw new Error(describeFailure(error, connection));
  }
}
