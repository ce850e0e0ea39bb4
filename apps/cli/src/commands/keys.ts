import type { KeyScope, KeyStore } from '@schemagate/db';
import { Argument, type Command, Option } from 'commander';
import { DEFAULT_DATA_DIR } from '../registry/connection.ts';
import { OUTPUT_FORMATS, parseOutputFormat, writeJson } from '../registry/output-format.ts';

const SCOPES: KeyScope[] = ['admin', 'write', 'validate', 'read'];

interface StorageFlags {
  data?: string;
  format: string;
}

/**
 * `schemagate keys create|list|revoke`: API keys, straight in the database (the local data folder, or
 * `$DATABASE_URL`), so the first keys can be made without a running server.
 */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('create, list and revoke API keys directly in the database')
    .addHelpText(
      'after',
      '\nThe database is $DATABASE_URL when set, else the PGlite folder --data (default $SCHEMAGATE_DATA, ' +
        `else ${DEFAULT_DATA_DIR}).\nAn embedded folder can be open in one process only: stop \`schemagate serve\` first.`,
    );

  withStorageOptions(
    keys
      .command('create')
      .description('create a key and print its plaintext once')
      .addOption(new Option('--scope <scope>', 'what the key may do').choices(SCOPES).makeOptionMandatory())
      .option('--name <name>', 'a label shown in `keys list`'),
  ).action(async (flags: StorageFlags & { scope: KeyScope; name?: string }) => {
    const format = parseOutputFormat(flags.format);
    const name = flags.name ?? `${flags.scope} key`;
    const key = await withKeyStore(flags, (store) => store.create(flags.scope, name));
    if (format === 'json') {
      const { keyPrefix } = await import('@schemagate/db');
      writeJson({ key, scope: flags.scope, name, prefix: keyPrefix(key) });
    } else {
      process.stdout.write(`${key}\n`);
      process.stderr.write(`created a ${flags.scope} key "${name}"; it is shown only this once\n`);
    }
  });

  withStorageOptions(keys.command('list').description('list keys (never their plaintext)')).action(
    async (flags: StorageFlags) => {
      const format = parseOutputFormat(flags.format);
      const rows = await withKeyStore(flags, (store) => store.list());
      if (format === 'json') {
        writeJson({ items: rows });
        return;
      }
      const lines = rows.map(
        (r) =>
          `${r.prefix}  ${r.scope.padEnd(8)}  ${r.revokedAt ? 'revoked' : 'active '}  ${r.createdAt.toISOString()}  ${r.name}  ${r.id}`,
      );
      process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no keys\n');
    },
  );

  withStorageOptions(
    keys
      .command('revoke')
      .description('revoke a key by its id or the prefix shown in `keys list`')
      .addArgument(new Argument('<id-or-prefix>', 'the key to revoke')),
  ).action(async (idOrPrefix: string, flags: StorageFlags) => {
    const format = parseOutputFormat(flags.format);
    const revoked = await withKeyStore(flags, (store) => store.revoke(idOrPrefix));
    if (format === 'json') writeJson({ revoked, key: idOrPrefix });
    else process.stdout.write(revoked ? `revoked ${idOrPrefix}\n` : `no active key ${idOrPrefix}\n`);
    if (!revoked) process.exitCode = 1;
  });
}

function withStorageOptions(command: Command): Command {
  return command
    .option('--data <dir>', `embedded database folder (default $SCHEMAGATE_DATA, else ${DEFAULT_DATA_DIR})`)
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'));
}

async function withKeyStore<T>(flags: StorageFlags, work: (store: KeyStore) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  const { createKeyStore, migrate, openDatabase } = await import('@schemagate/db');
  const handle = await openDatabase(
    url
      ? { url, maxConnections: 1 }
      : { dataDir: flags.data ?? process.env.SCHEMAGATE_DATA ?? DEFAULT_DATA_DIR },
  );
  try {
    // A fresh folder has no tables yet; migrating is idempotent and runs under the same lock as the server's.
    await migrate(handle.db);
    return await work(createKeyStore(handle.db));
  } finally {
    await handle.close();
  }
}
