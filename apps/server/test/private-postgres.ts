/**
 * A Postgres cluster of a test's own, in a temp folder on a free port, that the test may stop and start: an
 * outage is never rehearsed on the shared cluster. initdb refuses to run as root, so as root the cluster is run
 * as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const binDir = process.env.SCHEMAGATE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a private cluster cannot be started here, or undefined when it can. */
export function privateClusterUnavailable(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!existsSync(join(binDir, tool))) return `${join(binDir, tool)} is missing (set SCHEMAGATE_PG_BIN)`;
  }
  return undefined;
}

export interface PrivateCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: sessions are cut, as in a failover); resolves once it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once it takes connections. */
  start(): Promise<void>;
  /**
   * Freezes the server (SIGSTOP to its processes): connections stay open and nothing answers, as when the
   * network drops packets. `thaw` lets it go on.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops it if it runs and deletes its folder. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** initdb + pg_ctl start in a new temp folder. */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'schemagate-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const { uid, gid } = await userIds('postgres');
    await chown(dir, uid, gid);
  }
  const tool = (name: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(binDir, name), ...args], { timeout: 60_000 })
      : run(join(binDir, name), args, { timeout: 60_000 });
  const port = await freePort();
  await tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  let running = false;
  const start = async () => {
    await tool('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start']);
    running = true;
  };
  const stop = async () => {
    await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    running = false;
  };
  try {
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // the postmaster (first line of postmaster.pid) and the backends it forked: processes this cluster started
  const clusterPids = async () => {
    const postmaster = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const children = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
    return [postmaster, ...children.stdout.split('\n').filter(Boolean).map(Number)];
  };
  const signal = async (name: NodeJS.Signals) => {
    for (const pid of await clusterPids()) process.kill(pid, name);
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    port,
    stop,
    start,
    async destroy() {
      if (running) await signal('SIGCONT').catch(() => {});
      if (running) await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
