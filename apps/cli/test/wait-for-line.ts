import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with the first stdout match of `pattern` (a server's "listening on" line, say); rejects when the process
 * ends first, with what it printed on both streams so far.
 */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((found, failed) => {
    let stdout = '';
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      printed += chunk.toString();
      const match = stdout.match(pattern);
      if (match) found(match);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    child.once('exit', (code) => failed(new Error(`exited ${code} before printing ${pattern}: ${printed}`)));
  });
}
