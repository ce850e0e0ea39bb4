/** Progress of long work: one line rewritten in place on a terminal, nothing at all elsewhere. */
export interface Progress {
  step(label: string): void;
  done(): void;
}

/** Whether progress is shown: on a terminal, outside CI, so logs and piped output stay clean. */
export function showsProgress(
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return Boolean(stream.isTTY) && !env.CI;
}

/** One line rewritten in place on `stream`, cut to its width, cleared at the end; callers check {@link showsProgress}. */
export function lineInPlace(stream: Pick<NodeJS.WriteStream, 'write' | 'columns'>) {
  const width = stream.columns || 80;
  return {
    show(text: string): void {
      stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
    },
    clear(): void {
      stream.write('\r\x1b[2K');
    },
  };
}

/**
 * A progress line on stderr when {@link showsProgress}.
 */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Progress {
  if (!showsProgress(stream, env) || total < 2) return { step: () => {}, done: () => {} };
  let current = 0;
  const line = lineInPlace(stream);
  return {
    step(label) {
      current++;
      line.show(`[${current}/${total}] ${label}`);
    },
    done: line.clear,
  };
}
