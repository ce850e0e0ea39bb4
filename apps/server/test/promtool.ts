import { spawnSync } from 'node:child_process';

export interface PromtoolRun {
  status: number | null;
  output: string;
}

/**
 * Whether `promtool` is on the PATH. In CI (`CI=true`) its absence is a failure, not a reason to check less:
 * `.ci/run` installs it, so a CI without it has lost the checks the alert rules and `/metrics` rely on.
 */
export function havePromtool(): boolean {
  const found = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI === 'true') {
    throw new Error(
      'promtool is not installed (apt-get install -y prometheus); CI must run the Prometheus checks',
    );
  }
  return found;
}

/** Runs promtool with `args`, `input` on its stdin; its stdout and stderr together, for a failing assertion to show. */
export function promtool(args: string[], input?: string): PromtoolRun {
  const run = spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
