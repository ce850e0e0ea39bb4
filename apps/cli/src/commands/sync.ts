import type { RegistryPort } from '@schemagate/eventbridge';
import { type Command, Option } from 'commander';
import { type Connection, DEFAULT_URL, resolveConnection } from '../registry/connection.ts';
import { dataOption, keyOption } from '../registry/registry-command.ts';

interface SyncEventBridgeOptions {
  registry: string;
  direction: 'pull' | 'push' | 'both';
  dryRun?: boolean;
  endpoint?: string;
  region?: string;
  url?: string;
  key?: string;
  data?: string;
  format: 'text' | 'json';
}

/** `schemagate sync eventbridge`: mirror one registry with the AWS EventBridge Schema Registry. */
export function registerSync(program: Command): void {
  const sync = program.command('sync').description('mirror schemas with another schema registry');
  sync
    .command('eventbridge')
    .description('pull, push or two-way sync one registry with the AWS EventBridge Schema Registry')
    .requiredOption('--registry <name>', 'registry name, the same on both sides')
    .addOption(
      new Option('--direction <direction>', 'which way to copy versions')
        .choices(['pull', 'push', 'both'])
        .makeOptionMandatory(),
    )
    .option('--dry-run', 'print the plan and change nothing')
    .option('--endpoint <url>', 'Schemas API endpoint, e.g. the emulator at http://127.0.0.1:4010')
    .option('--region <region>', 'AWS region (default: the AWS SDK region chain)')
    .option('--url <url>', `schemagate URL (default $SCHEMAGATE_URL, else ${DEFAULT_URL})`)
    .addOption(keyOption())
    .addOption(dataOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nAWS credentials come from the standard AWS SDK chain (environment, shared config, SSO, instance role).\n' +
        'Against the emulator any static credentials work:\n' +
        '  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test schemagate sync eventbridge --registry shop \\\n' +
        '    --direction pull --endpoint http://127.0.0.1:4010 --region us-east-1\n' +
        'Exit status: 0 done, 1 conflicts or errors (refused schemas alone do not fail the run).',
    )
    .action(async (options: SyncEventBridgeOptions) => {
      const { createHttpRegistryPort, createSchemasClient, syncEventBridge } = await import(
        '@schemagate/eventbridge'
      );
      const { createClient } = await import('@schemagate/sdk');
      const connection = await resolveConnection(options);
      const region =
        options.region ??
        process.env.AWS_REGION ??
        process.env.AWS_DEFAULT_REGION ??
        // The emulator ignores the region, so a local endpoint needs none configured.
        (options.endpoint ? 'us-east-1' : undefined);
      const client = createSchemasClient({
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(region ? { region } : {}),
      });
      const progress =
        options.format === 'text' && process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined;
      try {
        await client.config.region().catch(() => {
          throw new Error(
            'no AWS region: pass --region, set AWS_REGION or put a region in the AWS config file',
          );
        });
        const result = await syncEventBridge({
          registry: options.registry,
          direction: options.direction,
          dryRun: options.dryRun ?? false,
          client,
          port: await explainingRefusals(
            createHttpRegistryPort(createClient({ url: connection.url, key: connection.key })),
            connection,
          ),
          ...(progress
            ? { onProgress: (p: { done: number; total: number }) => progress.update(p.done, p.total) }
            : {}),
        });
        progress?.finish();
        process.stdout.write(
          options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatSummary(result),
        );
        if (result.conflicts.length > 0 || result.errors.length > 0) process.exitCode = 1;
      } finally {
        client.destroy();
      }
    });
}

/**
 * The port with a refused key (401, 403) explained as every registry command explains it: the sync reports each
 * failure in its summary, where "Unknown or revoked API key" alone would not say which key or what to do.
 */
async function explainingRefusals(port: RegistryPort, connection: Connection): Promise<RegistryPort> {
  const [{ isSchemagateError }, { describeFailure }] = await Promise.all([
    import('@schemagate/sdk'),
    import('../registry/describe-failure.ts'),
  ]);
  const explain = (error: unknown) =>
    isSchemagateError(error) && (error.status === 401 || error.status === 403)
      ? new Error(describeFailure(error, connection), { cause: error })
      : error;
  return new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        Promise.resolve(value.apply(target, args)).catch((error: unknown) => {
          throw explain(error);
        });
    },
  });
}

/** A one-line progress bar on a terminal; never used when output is piped or in CI. */
class ProgressBar {
  private lastDrawn = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(done: number, total: number) {
    const now = Date.now();
    if (done < total && now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 30));
    const filled = total === 0 ? width : Math.round((done / total) * width);
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} schemas`);
  }

  finish() {
    this.stream.write('\n');
  }
}

interface SummaryInput {
  registry: string;
  direction: string;
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  refused: Array<{ schema: string; version?: number; reason: string }>;
  conflicts: Array<{ schema: string; reason: string }>;
  errors: Array<{ schema?: string; message: string }>;
  actions: Array<{
    schema: string;
    direction: string;
    kind: string;
    localVersion?: number;
    eventbridgeVersion?: string;
  }>;
  retries: number;
}

function formatSummary(result: SummaryInput): string {
  const lines = [
    `EventBridge sync of registry ${result.registry} (${result.direction}${result.dryRun ? ', dry run: nothing was changed' : ''})`,
  ];
  if (result.dryRun) {
    for (const action of result.actions) {
      const target = action.direction === 'pull' ? 'schemagate' : 'EventBridge';
      const from =
        action.direction === 'pull'
          ? `EventBridge v${action.eventbridgeVersion}`
          : `schemagate v${action.localVersion}`;
      lines.push(
        `  would ${action.kind === 'create' ? 'create' : 'add to'} ${action.schema} in ${target} from ${from}`,
      );
    }
  }
  lines.push(
    `  created   ${result.created} version(s)`,
    `  updated   ${result.updated} version(s)`,
    `  unchanged ${result.unchanged} schema(s)`,
    `  refused   ${result.refused.length}`,
    ...result.refused.map((r) => `    ${r.schema}${r.version ? ` v${r.version}` : ''}: ${r.reason}`),
    `  conflicts ${result.conflicts.length}`,
    ...result.conflicts.map((c) => `    ${c.schema}: ${c.reason}`),
    `  errors    ${result.errors.length}`,
    ...result.errors.map((e) => `    ${e.schema ?? '(registry)'}: ${e.message}`),
  );
  if (result.retries > 0) lines.push(`  (${result.retries} throttled or failed call(s) retried)`);
  return `${lines.join('\n')}\n`;
}
