import type { SchemagateClient } from '@schemagate/sdk';
import { type Command, Option } from 'commander';
import { type Connection, resolveConnection } from './connection.ts';
import { OUTPUT_FORMATS, type OutputFormat, parseOutputFormat } from './output-format.ts';

/** The options every command that talks to a registry takes. */
export interface RegistryFlags {
  url?: string;
  key?: string;
  format: string;
}

/** Adds `--url`, `--key` and `--format text|json` with the documented defaults to a command. */
export function withRegistryOptions(command: Command): Command {
  return command
    .option('--url <url>', 'registry URL (default $SCHEMAGATE_URL, else http://127.0.0.1:8080)')
    .option(
      '--key <key>',
      'API key (default $SCHEMAGATE_KEY, else the admin key beside the local data folder)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'));
}

/** The connection, a client for it and the output format, from a command's flags. */
export async function openRegistry(
  flags: RegistryFlags,
): Promise<{ connection: Connection; client: SchemagateClient; format: OutputFormat }> {
  const format = parseOutputFormat(flags.format);
  const connection = await resolveConnection(flags);
  const { createClient } = await import('@schemagate/sdk');
  const client = createClient({ url: connection.url, key: connection.key });
  return { connection, client, format };
}
