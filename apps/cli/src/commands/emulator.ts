import type { Command } from 'commander';

/** `schemagate emulator`: the loopback EventBridge + Schema Registry emulator, for local development. */
export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('run the loopback EventBridge emulator (Schemas API + PutEvents) for local development')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4010')
    .option('--host <host>', 'address to bind; it has no auth, keep it on loopback', '127.0.0.1')
    .option('--region <region>', 'region written into ARNs', 'us-east-1')
    .addHelpText(
      'after',
      '\nPoint AWS clients at it with any static credentials, e.g.\n' +
        '  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \\\n' +
        '    schemagate sync eventbridge --registry shop --direction pull --endpoint http://127.0.0.1:4010',
    )
    .action(async (options: { port: string; host: string; region: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new Error(`--port must be a port number, got '${options.port}'`);
      }
      const { startEmulator } = await import('@schemagate/eventbridge');
      const emulator = await startEmulator({ port, hostname: options.host, region: options.region });
      process.stdout.write(`EventBridge emulator listening on ${emulator.url} (Ctrl-C stops it)\n`);
      const stop = async () => {
        await emulator.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
