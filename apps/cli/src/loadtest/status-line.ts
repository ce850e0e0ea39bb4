import type { LoadStatus } from './run-load.ts';

/** The run's progress as one line on a terminal, rewritten as it goes and cleared at the end. */
export function loadStatusLine(stream: Pick<NodeJS.WriteStream, 'write' | 'columns'>) {
  const width = stream.columns || 80;
  return {
    show(s: LoadStatus) {
      const text =
        `${s.elapsedSeconds.toFixed(0)}/${s.totalSeconds.toFixed(0)} s  phase ${s.phase}/${s.phases} ${s.kind}` +
        `  sent ${s.sent}  in flight ${s.inFlight}  ok ${s.ok}  throttled ${s.throttled}  errors ${s.errors}`;
      stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
    },
    clear() {
      stream.write('\r\x1b[2K');
    },
  };
}
