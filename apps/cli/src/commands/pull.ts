import type { Command } from 'commander';
import { colorsFor, writeJson } from '../registry/output-format.ts';
import { createProgress } from '../registry/progress.ts';
import type { PullResult } from '../registry/pull-contracts.ts';
import { openRegistry, type RegistryFlags, withRegistryOptions } from '../registry/registry-command.ts';

/** `schemagate pull [dir]`: writes the registry's latest versions into a schemas/ folder. */
export function registerPull(program: Command): void {
  withRegistryOptions(
    program
      .command('pull')
      .description('write the latest version of each schema into a schemas/ folder (examples are kept)')
      .argument('[dir]', 'the schemas folder to write', 'schemas')
      .option('--registry <name>', 'pull only this registry'),
  )
    .addHelpText('after', '\nFiles whose JSON already equals the registry copy are left untouched.')
    .action(async (dir: string, flags: RegistryFlags & { registry?: string }) => {
      const { client, connection, format } = await openRegistry(flags);
      const { describeFailure, pullContracts } = await import('../registry/index.ts');
      const progress = createProgress(Number.POSITIVE_INFINITY);
      let results: PullResult[];
      try {
        results = await pullContracts(client, dir, {
          ...(flags.registry ? { registry: flags.registry } : {}),
          onStep: (registry, name) => progress.step(`${registry}/${name}`),
        });
      } catch (error) {
        throw new Error(describeFailure(error, connection));
      } finally {
        progress.done();
      }
      if (format === 'json') {
        writeJson({ url: connection.url, dir, results });
        return;
      }
      const c = colorsFor(process.stdout);
      const lines = results.map((r) => {
        const files = [
          r.schemaFile === 'written' ? 'schema.json' : '',
          r.configFile === 'written' ? 'config.json' : '',
        ]
          .filter(Boolean)
          .join(', ');
        const state =
          r.schemaFile === 'skipped'
            ? c.yellow('skipped  ')
            : files
              ? c.green('written  ')
              : c.dim('unchanged');
        return `${state} ${r.registry}/${r.name}${r.version ? ` v${r.version}` : ''}${files ? ` (${files})` : ''}${r.detail ? `: ${r.detail}` : ''}`;
      });
      const written = results.filter((r) => r.schemaFile === 'written' || r.configFile === 'written').length;
      lines.push(
        `${results.length} schema(s) in ${dir}: ${written} written, ${results.length - written} unchanged or skipped`,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
