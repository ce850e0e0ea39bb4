import type { Command } from 'commander';
import { colorsFor, writeJson } from '../registry/output-format.ts';
import { createProgress } from '../registry/progress.ts';
import type { PushResult } from '../registry/push-contracts.ts';
import { openRegistry, type RegistryFlags, withRegistryOptions } from '../registry/registry-command.ts';

/** `schemagate push [dir]`: registers every contract of a schemas/ folder, referenced schemas first. */
export function registerPush(program: Command): void {
  withRegistryOptions(
    program
      .command('push')
      .description('register every schema of a schemas/ folder in the registry, referenced schemas first')
      .argument('[dir]', 'the schemas folder (<registry>/<name>/schema.json)', 'schemas')
      .option('--registry <name>', 'push only this registry folder'),
  )
    .addHelpText(
      'after',
      '\nExit status: 0 all registered or unchanged, 1 a schema was refused, 2 usage or connection error.',
    )
    .action(async (dir: string, flags: RegistryFlags & { registry?: string }) => {
      const { client, connection, format } = await openRegistry(flags);
      const { loadSchemaFolder } = await import('@schemagate/schemas-folder');
      const { describeFailure, pushContracts } = await import('../registry/index.ts');
      const contracts = await loadSchemaFolder(dir, flags.registry ? { registry: flags.registry } : {});
      if (contracts.length === 0) throw new Error(`${dir} holds no <registry>/<name>/schema.json`);
      const progress = createProgress(contracts.length);
      let results: PushResult[];
      try {
        results = await pushContracts(client, contracts, (c) => progress.step(`${c.registry}/${c.name}`));
      } catch (error) {
        throw new Error(describeFailure(error, connection));
      } finally {
        progress.done();
      }
      const refused = results.filter((r) => !['created', 'unchanged'].includes(r.outcome));
      if (format === 'json') writeJson({ url: connection.url, results, refused: refused.length });
      else printPush(results);
      if (refused.length > 0) process.exitCode = 1;
    });
}

function printPush(results: PushResult[]): void {
  const c = colorsFor(process.stdout);
  const paint = { created: c.green, unchanged: c.dim, incompatible: c.red, invalid: c.red, failed: c.red };
  const lines: string[] = [];
  for (const r of results) {
    const version = r.version === undefined ? '' : ` v${r.version}`;
    lines.push(`${paint[r.outcome](r.outcome.padEnd(12))} ${r.registry}/${r.name}${version}`);
    if (r.detail) lines.push(`  ${r.detail}`);
    for (const problem of r.problems ?? []) lines.push(`  - ${describeProblem(problem)}`);
    for (const warning of r.warnings) lines.push(`  ${c.yellow('warning')} ${warning}`);
  }
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  const parts = ['created', 'unchanged', 'incompatible', 'invalid', 'failed']
    .filter((o) => count(o) > 0)
    .map((o) => `${count(o)} ${o}`);
  lines.push(`${results.length} schema(s): ${parts.join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describeProblem(problem: unknown): string {
  if (problem && typeof problem === 'object') {
    const p = problem as { type?: string; keyword?: string; path?: string; message?: string };
    const what = p.type ?? p.keyword ?? '';
    return [what, p.path || '/', p.message].filter(Boolean).join(' ');
  }
  return String(problem);
}
