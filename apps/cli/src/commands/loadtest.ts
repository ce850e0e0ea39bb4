import { type Command, InvalidArgumentError, Option } from 'commander';
import type { LoadShape } from '../loadtest/index.ts';
import { resolveConnection } from '../registry/connection.ts';
import { writeJson } from '../registry/output-format.ts';
import { showsProgress } from '../registry/progress.ts';
import { type RegistryFlags, withRegistryOptions } from '../registry/registry-command.ts';

interface LoadtestFlags extends RegistryFlags {
  events: string;
  endpoint: 'validate' | 'events';
  duration: number;
  rate?: number;
  burstRate?: number;
  burstSeconds: number;
  idleMin: number;
  idleMax: number;
  connections: number;
}

/** A number flag; commander calls it with the flag's text. */
const number = (text: string) => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError(`'${text}' is not a number`);
  return value;
};

const BURST_DEFAULTS = { burstRate: 200 };

/** `schemagate loadtest`: bursts of requests with random idle gaps (or a steady rate) against a server. */
export function registerLoadtest(program: Command): void {
  withRegistryOptions(
    program
      .command('loadtest')
      .description(
        'send bursts of events with random idle gaps between them (or a steady rate), report per phase',
      )
      .requiredOption(
        '--events <path>',
        'a schemas/ folder (its valid examples), a folder of event files, or one event file',
      )
      .addOption(
        new Option('--endpoint <endpoint>', 'where the events go')
          .choices(['validate', 'events'])
          .default('validate'),
      )
      .option('--duration <seconds>', 'how long the run lasts', number, 60)
      .option('--rate <n>', 'a steady rate, requests a second, instead of bursts', number)
      .option(
        '--burst-rate <n>',
        `requests a second during a burst (default ${BURST_DEFAULTS.burstRate})`,
        number,
      )
      .option('--burst-seconds <seconds>', 'how long a burst lasts', number, 5)
      .option('--idle-min <seconds>', 'the shortest idle gap between bursts', number, 5)
      .option('--idle-max <seconds>', 'the longest idle gap between bursts', number, 15)
      .option('--connections <n>', 'connections kept open to the server', number, 16),
  )
    .addHelpText(
      'after',
      '\nBursts start at once and last --burst-seconds; each is followed by an idle gap drawn uniformly from' +
        '\n[--idle-min, --idle-max] during which nothing is sent. Requests leave at their planned times whether or' +
        '\nnot earlier ones were answered (at most --connections at once; the wait for one counts as latency).' +
        '\nThrottled: 429 and 503 answers. Errors: any other non-2xx answer, and requests without an answer in 10 s.' +
        '\nExit status: 0 without errors, 1 with errors, 2 usage or connection error.' +
        '\nExample: schemagate loadtest --url http://127.0.0.1:8080 --events schemas --duration 60 \\' +
        '\n           --burst-rate 500 --burst-seconds 3 --idle-min 2 --idle-max 8 --format json',
    )
    .action(async (flags: LoadtestFlags) => {
      if (flags.rate !== undefined && flags.burstRate !== undefined) {
        throw new Error('--rate (steady) and --burst-rate (bursts) are two kinds of run: give one of them');
      }
      const shape: LoadShape =
        flags.rate !== undefined
          ? { kind: 'steady', durationSeconds: flags.duration, rate: flags.rate }
          : {
              kind: 'bursts',
              durationSeconds: flags.duration,
              burstRate: flags.burstRate ?? BURST_DEFAULTS.burstRate,
              burstSeconds: flags.burstSeconds,
              idleMinSeconds: flags.idleMin,
              idleMaxSeconds: flags.idleMax,
            };
      if (!Number.isInteger(flags.connections) || flags.connections < 1) {
        throw new Error(`--connections must be a whole number above 0, got ${flags.connections}`);
      }
      const { checkShape, formatLoadReport, loadEvents, loadStatusLine, planPhases, runLoad } = await import(
        '../loadtest/index.ts'
      );
      checkShape(shape);
      const format = flags.format === 'json' ? 'json' : 'text';
      const connection = await resolveConnection(flags);
      const events = await loadEvents(flags.events);
      const progress = showsProgress() ? loadStatusLine(process.stderr) : undefined;
      const report = await runLoad({
        url: connection.url,
        key: connection.key,
        endpoint: flags.endpoint,
        events,
        phases: planPhases(shape),
        connections: flags.connections,
        ...(progress ? { onTick: progress.show } : {}),
      }).finally(() => progress?.clear());
      if (format === 'json') writeJson(report);
      else process.stdout.write(`${formatLoadReport(report)}\n`);
      if (report.total.requests > 0 && report.total.errors > 0) process.exitCode = 1;
    });
}
