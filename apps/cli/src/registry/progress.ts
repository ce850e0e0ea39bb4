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
  const width = stream.columns || 80;
  return {
    step(label) {
      current++;
      stream.write(`\r\x1b[2K${`[${current}/${total}] ${label}`.slice(0, width - 1)}`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
