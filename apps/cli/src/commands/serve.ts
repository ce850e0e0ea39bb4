import type { Command } from 'commander';

/** `schemagate serve`: the registry server (what `pnpm start` runs). */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the registry server (embedded PGlite unless DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (env PORT)', process.env.PORT ?? '8080')
    .option('--host <host>', 'address to bind (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option(
      '--data <dir>',
      "the server's own folder (env SCHEMAGATE_DATA): the embedded database in pglite/ and admin.key, 0700",
      process.env.SCHEMAGATE_DATA ?? './.schemagate/data',
    )
    .option('--no-seed', 'do not load the example contracts from schemas/ into an empty registry')
    .option('--seed-dir <dir>', 'folder of contracts to load into an empty registry', 'schemas')
    .addHelpText(
      'after',
      '\nEnvironment: DATABASE_URL=postgres://... uses Postgres instead of PGlite; SCHEMAGATE_AUTH=off disables API keys.' +
        '\nThe first admin key is printed once and saved to <data>/admin.key, which is never overwritten: a second' +
        '\ndatabase started with the same folder (say Postgres after PGlite) prints its own first key without saving' +
        '\nit, so give each database its own --data. A folder from before (PGlite files at its top, the key in its' +
        '\nparent) is used as it is.',
    )
    .action(async (options: { port: string; host: string; data: string; seed: boolean; seedDir: string }) => {
      const { startServer } = await import('@schemagate/server');
      const server = await startServer({
        env: {
          PORT: options.port,
          HOST: options.host,
          SCHEMAGATE_DATA: options.data,
          SCHEMAGATE_SEED: options.seed ? 'true' : 'false',
          SCHEMAGATE_SEED_DIR: process.env.SCHEMAGATE_SEED_DIR ?? options.seedDir,
        },
      });
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
