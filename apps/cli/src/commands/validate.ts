import type { Command } from 'commander';
import { colorsFor, writeJson } from '../registry/output-format.ts';
import { createProgress } from '../registry/progress.ts';
import { openRegistry, type RegistryFlags, withRegistryOptions } from '../registry/registry-command.ts';
import type { FileVerdict } from '../registry/validate-files.ts';

/** `schemagate validate FILE... [--schema NAME] [--registry R]`: validates event files through the registry. */
export function registerValidate(program: Command): void {
  withRegistryOptions(
    program
      .command('validate')
      .description('validate event files through the registry (POST /v1/validate/batch)')
      .argument('<files...>', 'JSON files, one event each')
      .option('--schema <name>', 'the schema to validate against (default: routed by the event envelope)')
      .option('--registry <name>', 'the registry of --schema'),
  )
    .addHelpText(
      'after',
      '\nExit status: 0 all valid, 1 an event is invalid, 2 usage or connection error.\n' +
        'Example: schemagate validate order.json --schema com.shop.orders@OrderPlaced --registry shop',
    )
    .action(async (files: string[], flags: RegistryFlags & { schema?: string; registry?: string }) => {
      const { client, connection, format } = await openRegistry(flags);
      const { describeFailure, validateFiles } = await import('../registry/index.ts');
      const progress = createProgress(files.length);
      let verdicts: FileVerdict[];
      try {
        verdicts = await validateFiles(client, files, {
          ...(flags.registry ? { registry: flags.registry } : {}),
          ...(flags.schema ? { schema: flags.schema } : {}),
          onStep: (file) => progress.step(file),
        });
      } catch (error) {
        throw new Error(describeFailure(error, connection));
      } finally {
        progress.done();
      }
      const invalid = verdicts.filter((v) => !v.valid).length;
      if (format === 'json') writeJson({ valid: invalid === 0, invalidCount: invalid, results: verdicts });
      else printVerdicts(verdicts);
      if (invalid > 0) process.exitCode = 1;
    });
}

function printVerdicts(verdicts: FileVerdict[]): void {
  const c = colorsFor(process.stdout);
  const lines: string[] = [];
  for (const v of verdicts) {
    const against = v.schema ? ` ${c.dim(`${v.registry}/${v.schema} v${v.version}`)}` : '';
    lines.push(`${v.valid ? c.green('valid  ') : c.red('invalid')} ${v.file}${against}`);
    for (const error of v.errors) {
      lines.push(`  ${error.path || '/'}: ${error.message} ${c.dim(`(${error.keyword})`)}`);
    }
    for (const warning of v.warnings ?? []) lines.push(`  ${c.yellow('warning')} ${warning}`);
  }
  const invalid = verdicts.filter((v) => !v.valid).length;
  lines.push(`${verdicts.length} file(s): ${verdicts.length - invalid} valid, ${invalid} invalid`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
