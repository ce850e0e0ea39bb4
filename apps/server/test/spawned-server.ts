import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), 'server-process.ts');

/** A server process of a test's own, in a process group of its own so that it and its workers die together. */
export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGKILL to the whole group; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then SIGKILL after 10 s; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts `server-process.ts` with `env` (on top of PATH) and resolves once it listens. */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--conditions=@schemagate/source', '--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  const gone = once(child, 'exit');
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within 60 s:\n${text}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it listened:\n${text}`));
    });
  });
  return {
    url,
    child,
    output: () => text,
    async kill() {
      signalGroup('SIGKILL');
      await gone;
    },
    async stop() {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
      // its workers, if any outlived it
      signalGroup('SIGKILL');
    },
  };
}
