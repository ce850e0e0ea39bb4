/**
 * `schemagate serve` as its own process, from the sources, for tests that kill it: started with the environment
 * it is given, stopped cleanly on SIGTERM. It prints what the server logs, "schemagate listening on URL" among it.
 */
import { startServer } from '../src/serve.ts';

const server = await startServer();
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
