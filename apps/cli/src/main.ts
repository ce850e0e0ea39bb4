import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { commands } from './commands/index.ts';

// The AWS SDK warns on every start of a process on Node 20 that its releases after January 2027 need Node 22: nine
// lines of stderr on each `schemagate sync`, which a CI log gets every run. This is the switch the SDK reads for
// that one warning (other warnings still print); a value set by the user is kept, so `false` brings it back.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// src/main.ts (tests) and dist/main.js (installed) both sit one folder below the package root
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('schemagate')
  .description('schemagate: a versioned event-schema registry and validation gate')
  .version(version, '-V, --version', 'print the version of schemagate')
  .showHelpAfterError()
  .enablePositionalOptions();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`schemagate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
