import { Command } from 'commander';
import { commands } from './commands/index.ts';

const program = new Command('schemagate')
  .description('schemagate: a versioned event-schema registry and validation gate')
  .showHelpAfterError()
  .enablePositionalOptions();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`schemagate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
