import type { Command } from 'commander';
import type { BaselineSource } from '../check/baseline.ts';
import { colorAllowed, formatReport, type ReportFormat } from '../check/format-report.ts';
import { type ConnectionFlags, resolveConnection } from '../registry/connection.ts';
import { dataOption, keyOption } from '../registry/registry-command.ts';

const FORMATS: ReportFormat[] = ['text', 'json', 'github'];

interface CheckOptions extends Omit<ConnectionFlags, 'url'> {
  against?: string;
  format: string;
}

/**
 * `schemagate check [dir]`: the CI contract check. Exit 0 when every contract holds, 1 when one is
 * broken, 2 on a usage or setup error (thrown, and mapped to 2 by main).
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a schemas/ folder: well-formed schemas, examples, and compatibility with a baseline')
    .argument('[dir]', 'the schemas folder (<registry>/<name>/schema.json)', 'schemas')
    .option('--against <baseline>', 'git:REF (same folder at a git ref) or the URL of a running registry')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .addOption(keyOption())
    .addOption(dataOption())
    .addHelpText(
      'after',
      '\nExit status: 0 every contract holds, 1 a contract is broken, 2 usage or setup error.\n' +
        'Example (CI): schemagate check schemas --against git:origin/main --format github',
    )
    .action(async (dir: string, options: CheckOptions) => {
      if (!FORMATS.includes(options.format as ReportFormat)) {
        throw new Error(`--format must be one of ${FORMATS.join(', ')}, got '${options.format}'`);
      }
      const format = options.format as ReportFormat;
      const { loadSchemaFolder } = await import('@schemagate/schemas-folder');
      const { checkContracts } = await import('../check/check-contracts.ts');
      const contracts = await loadSchemaFolder(dir);
      if (contracts.length === 0) throw new Error(`${dir} holds no <registry>/<name>/schema.json`);
      const baseline = await baselineOf(dir, options);
      const results = await checkContracts(dir, contracts, baseline);
      process.stdout.write(
        formatReport(results, format, {
          color: colorAllowed(process.stdout, process.env),
          against: options.against,
        }),
      );
      if (results.some((result) => !result.ok)) process.exitCode = 1;
    });
}

async function baselineOf(dir: string, options: CheckOptions): Promise<BaselineSource | undefined> {
  const { against } = options;
  if (against === undefined) return undefined;
  const { gitBaseline, registryBaseline } = await import('../check/baseline.ts');
  if (against.startsWith('git:')) {
    const ref = against.slice(4);
    if (ref === '') throw new Error('--against git: needs a ref, e.g. git:HEAD~1');
    return gitBaseline(dir, ref);
  }
  if (/^https?:\/\//.test(against)) {
    // --against is the registry's URL: the key is looked up as for every other command that talks to one
    return registryBaseline(await resolveConnection({ ...options, url: against }));
  }
  throw new Error(`--against must be git:REF or an http(s) URL, got '${against}'`);
}
