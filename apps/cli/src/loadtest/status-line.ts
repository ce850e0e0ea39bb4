import { lineInPlace } from '../registry/progress.ts';
import type { LoadStatus } from './run-load.ts';

/** The run's progress as one line on a terminal, rewritten as it goes and cleared at the end. */
export function loadStatusLine(stream: Pick<NodeJS.WriteStream, 'write' | 'columns'>) {
  const line = lineInPlace(stream);
  return {
    show(s: LoadStatus) {
      line.show(
        `${s.elapsedSeconds.toFixed(0)}/${s.totalSeconds.toFixed(0)} s  phase ${s.phase}/${s.phases} ${s.kind}` +
          `  sent ${s.sent}  in flight ${s.inFlight}  ok ${s.ok}  throttled ${s.throttled}  errors ${s.errors}`,
      );
    },
    clear: line.clear,
  };
}
