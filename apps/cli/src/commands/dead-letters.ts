import { DEAD_LETTER_REASONS, type DeadLetterReason } from '@schemagate/core/registry-enums';
import type { DeadLetter, SchemagateClient } from '@schemagate/sdk';
import { type Command, Option } from 'commander';
import { colorsFor, writeJson } from '../registry/output-format.ts';
import { lineInPlace, showsProgress } from '../registry/progress.ts';
import { openRegistry, type RegistryFlags, withRegistryOptions } from '../registry/registry-command.ts';

interface DeadLetterFlags extends RegistryFlags {
  registry?: string;
  schema?: string;
  reason?: DeadLetterReason;
  id?: string;
  limit?: string;
}

const filterOptions = (command: Command) =>
  command
    .option('--registry <name>', 'only dead letters of this registry')
    .option('--schema <name>', 'only dead letters of this schema')
    .addOption(
      new Option('--reason <reason>', 'only those kept for this reason').choices(DEAD_LETTER_REASONS),
    )
    .option('--id <id>', 'only this dead letter');

const filterOf = (flags: DeadLetterFlags) => ({
  ...(flags.registry ? { registry: flags.registry } : {}),
  ...(flags.schema ? { schema: flags.schema } : {}),
  ...(flags.reason ? { reason: flags.reason } : {}),
});

/** Every dead letter the filter matches, page after page. */
async function* allDeadLetters(client: SchemagateClient, flags: DeadLetterFlags, limit?: number) {
  let cursor: string | undefined;
  let listed = 0;
  do {
    const page = await client.listDeadLetters({
      ...filterOf(flags),
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      if (limit !== undefined && listed >= limit) return;
      listed++;
      yield item;
    }
    cursor = page.nextCursor;
  } while (cursor);
}

const describe = (letter: DeadLetter) => {
  const first = letter.errors[0];
  const why =
    letter.reason === 'invalid'
      ? `${first ? `${first.path || '/'} ${first.message}` : 'invalid'}${letter.errors.length > 1 ? ` (+${letter.errors.length - 1})` : ''}`
      : `${letter.attempts} attempt(s): ${letter.lastError ?? 'forwarding failed'}`;
  const schema = letter.schema
    ? `${letter.registry}/${letter.schema}${letter.version ? ` v${letter.version}` : ''}`
    : letter.registry;
  return `${letter.id}  ${letter.createdAt}  ${letter.reason.padEnd(14)}  ${schema}  ${why}`;
};

/**
 * `schemagate dead-letters list|replay`: the events the gate kept aside, listed, or validated again against their
 * schema's latest version and sent on when they pass. Needs a key with the `write` scope.
 */
export function registerDeadLetters(program: Command): void {
  const command = program
    .command('dead-letters')
    .description('list the events the gate kept aside, or replay them through validation')
    .addHelpText(
      'after',
      '\nReasons: invalid (refused at the gate for breaking its schema), forward_failed (EventBridge did not take it ' +
        "after the last attempt).\nReplaying validates each again against its schema's latest version: those that pass " +
        'go to the outbox, the others stay with their new errors.',
    );

  withRegistryOptions(
    filterOptions(command.command('list').description('list dead letters, oldest first')).option(
      '--limit <n>',
      'at most this many',
    ),
  ).action(async (flags: DeadLetterFlags) => {
    const { client, format } = await openRegistry(flags);
    const limit = flags.limit === undefined ? undefined : Number(flags.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new Error(`--limit must be a positive whole number, not ${flags.limit}`);
    }
    const items: DeadLetter[] = [];
    for await (const item of allDeadLetters(client, flags, limit)) {
      if (!flags.id || item.id === flags.id) items.push(item);
    }
    if (format === 'json') {
      writeJson({ items });
      return;
    }
    process.stdout.write(items.length ? `${items.map(describe).join('\n')}\n` : 'no dead letters\n');
  });

  withRegistryOptions(
    filterOptions(
      command.command('replay').description('validate dead letters again and send those that pass'),
    ),
  ).action(async (flags: DeadLetterFlags) => {
    const { client, format } = await openRegistry(flags);
    const c = colorsFor(process.stdout);
    if (flags.id) {
      const { SchemagateError } = await import('@schemagate/sdk');
      try {
        const accepted = await client.replayDeadLetter(flags.id);
        if (format === 'json') writeJson({ id: flags.id, replayed: true, accepted });
        else
          process.stdout.write(
            `${c.green('replayed')} ${flags.id} -> outbox ${accepted.id} (${accepted.registry}/${accepted.schema} v${accepted.version})\n`,
          );
      } catch (error) {
        if (!(error instanceof SchemagateError) || error.code !== 'event_invalid') throw error;
        const errors = (error.problem.errors ?? []) as { path: string; message: string }[];
        if (format === 'json') writeJson({ id: flags.id, replayed: false, errors });
        else {
          const lines = errors.map((e) => `  ${e.path || '/'} ${e.message}`);
          process.stdout.write(`${c.yellow('still invalid')} ${flags.id}\n${lines.join('\n')}\n`);
        }
        process.exitCode = 1;
      }
      return;
    }
    const progress = showsProgress() ? lineInPlace(process.stderr) : undefined;
    let replayed = 0;
    let stillInvalid = 0;
    let cursor: string | undefined;
    try {
      do {
        const step = await client.replayDeadLetters({ ...filterOf(flags), ...(cursor ? { cursor } : {}) });
        replayed += step.replayed;
        stillInvalid += step.stillInvalid;
        cursor = step.nextCursor;
        progress?.show(`replayed ${replayed}, still invalid ${stillInvalid}...`);
      } while (cursor);
    } finally {
      progress?.clear();
    }
    if (format === 'json') writeJson({ replayed, stillInvalid });
    else
      process.stdout.write(
        `${c.green(`replayed ${replayed}`)}, ${stillInvalid ? c.yellow(`${stillInvalid} still invalid`) : '0 still invalid'}\n`,
      );
    if (stillInvalid > 0) process.exitCode = 1;
  });
}
