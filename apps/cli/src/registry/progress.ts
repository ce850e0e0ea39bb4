/** Progress of long work: one line rewritten in place on a terminal, nothing at all elsewhere. */
export interface Progress {
  step(label: string): void;
  done(): void;
}

/**
 * A progress line on stderr when it is a terminal and not CI, so logs and piped output stay clean.
 */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Progress {
  if (!stream.isTTY || env.CI || total < 2) return { step: () => {}, done: () => {} };
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
