import type { SchemagateClient } from '@schemagate/sdk';
import { type Command, Option } from 'commander';
import {
  type Connection,
  type ConnectionFlags,
  DEFAULT_DATA_DIR,
  DEFAULT_URL,
  resolveConnection,
} from './connection.ts';
import { OUTPUT_FORMATS, type OutputFormat, parseOutputFormat } from './output-format.ts';

/** The options every command that talks to a registry takes. */
export interface RegistryFlags extends ConnectionFlags {
  format: string;
}

/** `--key`: see {@link resolveConnection} for where a key comes from when it is not given. */
export const keyOption = () =>
  new Option(
    '--key <key>',
    'API key (default $SCHEMAGATE_KEY, else the admin key file of the --data folder)',
  );

/** `--data`: the data folder whose admin key file is the last place a key is looked for. */
export const dataOption = () =>
  new Option(
    '--data <dir>',
    `data folder of a local \`schemagate serve\`, whose admin key is used when no key is given (default $SCHEMAGATE_DATA, else ${DEFAULT_DATA_DIR})`,
  );

/** Adds `--url`, `--key`, `--data` and `--format text|json` with the documented defaults to a command. */
export function withRegistryOptions(command: Command): Command {
  return command
    .option('--url <url>', `registry URL (default $SCHEMAGATE_URL, else ${DEFAULT_URL})`)
    .addOption(keyOption())
    .addOption(dataOption())
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
