import { KEY_SCOPES } from '@schemagate/core/registry-enums';
import type { KeyScope } from '@schemagate/db';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_DATA_DIR, DEFAULT_URL } from '../registry/connection.ts';
import {
  type KeyBackend,
  type KeyLimitsInput,
  type KeyListing,
  openKeyBackend,
} from '../registry/key-backends.ts';
import { OUTPUT_FORMATS, parseOutputFormat, writeJson } from '../registry/output-format.ts';
import { keyOption } from '../registry/registry-command.ts';

interface KeyFlags {
  url?: string;
  key?: string;
  data?: string;
  format: string;
}

const positiveNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a number above 0');
  return number;
};
const positiveInteger = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('must be a whole number, at least 1');
  return number;
};
const registryList = (value: string) => {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => !/^[A-Za-z0-9._-]{1,64}$/.test(name))) {
    throw new InvalidArgumentError('must be registry names separated by commas');
  }
  return names;
};

/**
 * `schemagate keys create|list|revoke`: through the running server's `/v1/keys` when one answers at `--url`, else
 * straight in the database (the local data folder, or `$DATABASE_URL`), so the first keys can be made without a
 * running server.
 */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('create, list and revoke API keys')
    .addHelpText(
      'after',
      `\nWhen a server answers at --url (default $SCHEMAGATE_URL, else ${DEFAULT_URL}) the commands go through its\n` +
        '/v1/keys with an admin key (--key, $SCHEMAGATE_KEY, else the admin key file of --data); a revoked key then\n' +
        'stops at once on every replica. Only when no server runs there do they work on the database directly:\n' +
        '$DATABASE_URL when set, else the PGlite folder --data (default $SCHEMAGATE_DATA, else ' +
        `${DEFAULT_DATA_DIR}),\nwhich one process can have open at a time.`,
    );

  withKeyOptions(
    keys
      .command('create')
      .description('create a key and print its plaintext once')
      .addOption(
        new Option('--scope <scope>', 'what the key may do').choices(KEY_SCOPES).makeOptionMandatory(),
      )
      .option('--name <name>', 'a label shown in `keys list`')
      .option(
        '--registries <names>',
        'the only registries the key may reach, separated by commas',
        registryList,
      )
      .option('--rate <perSecond>', "the key's own sustained requests a second", positiveNumber)
      .option('--burst <n>', "the key's own burst (with --rate)", positiveInteger),
  ).action(
    async (
      flags: KeyFlags & {
        scope: KeyScope;
        name?: string;
        registries?: string[];
        rate?: number;
        burst?: number;
      },
    ) => {
      const format = parseOutputFormat(flags.format);
      if ((flags.rate === undefined) !== (flags.burst === undefined)) {
        throw new Error('--rate and --burst go together: a key has its own bucket, or the server defaults');
      }
      const limits: KeyLimitsInput = {
        ...(flags.registries ? { registries: flags.registries } : {}),
        ...(flags.rate !== undefined && flags.burst !== undefined
          ? { rateLimit: { perSecond: flags.rate, burst: flags.burst } }
          : {}),
      };
      const name = flags.name ?? `${flags.scope} key`;
      const backend = await openKeyBackend(flags);
      const created = await backend.create(flags.scope, name, limits);
      if (format === 'json') {
        writeJson(created);
      } else {
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(
          `created a ${flags.scope} key "${name}" ${via(backend)}; it is shown only this once\n`,
        );
      }
    },
  );

  withKeyOptions(keys.command('list').description('list keys (never their plaintext)')).action(
    async (flags: KeyFlags) => {
      const format = parseOutputFormat(flags.format);
      const backend = await openKeyBackend(flags);
      const rows = await backend.list();
      if (format === 'json') {
        writeJson({ items: rows });
        return;
      }
      const lines = rows.map(describeKey);
      process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no keys\n');
    },
  );

  withKeyOptions(
    keys
      .command('revoke')
      .description('revoke a key by its id or the prefix shown in `keys list`')
      .addArgument(new Argument('<id-or-prefix>', 'the key to revoke')),
  ).action(async (idOrPrefix: string, flags: KeyFlags) => {
    const format = parseOutputFormat(flags.format);
    const backend = await openKeyBackend(flags);
    const revoked = await backend.revoke(idOrPrefix);
    if (format === 'json') writeJson({ revoked, key: idOrPrefix });
    else process.stdout.write(revoked ? `revoked ${idOrPrefix}\n` : `no active key ${idOrPrefix}\n`);
    if (!revoked) process.exitCode = 1;
  });
}

const via = (backend: KeyBackend) =>
  backend.kind === 'server' ? `through ${backend.where}` : `in ${backend.where} (no server answered)`;

function describeKey(k: KeyListing): string {
  const state = k.revokedAt ? 'revoked' : 'active ';
  const limits = [
    k.registries ? `registries=${k.registries.join(',')}` : '',
    k.rateLimit ? `rate=${k.rateLimit.perSecond}/s burst=${k.rateLimit.burst}` : '',
    k.lastUsedAt ? `last used ${k.lastUsedAt}` : '',
  ].filter(Boolean);
  return `${k.prefix}  ${k.scope.padEnd(8)}  ${state}  ${k.createdAt}  ${k.name}  ${k.id}${limits.length ? `  ${limits.join('  ')}` : ''}`;
}

function withKeyOptions(command: Command): Command {
  return command
    .option(
      '--url <url>',
      `the server to go through when it runs (default $SCHEMAGATE_URL, else ${DEFAULT_URL})`,
    )
    .addOption(keyOption())
    .option(
      '--data <dir>',
      `the data folder: its admin key, and its database when no server runs (default $SCHEMAGATE_DATA, else ${DEFAULT_DATA_DIR})`,
    )
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'));
}
