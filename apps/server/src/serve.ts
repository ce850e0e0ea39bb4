import { chmod, mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { loadSchemaFolder } from '@schemagate/sdk';
import { type CreateAppOptions, createApp, type Logger } from './app.ts';
import { clientTimeouts } from './client-timeouts.ts';
import { type Config, parseConfig } from './config.ts';
import { seedContracts } from './seed.ts';
import { openStorage } from './storage.ts';

export interface StartServerOptions {
  /** Overrides of the environment, e.g. `{ PORT: '0' }`. */
  env?: Record<string, string | undefined>;
  log?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  /** The admin key created on this start, if the store had no key yet. */
  createdAdminKey?: string;
  adminKeyFile: string;
  close(): Promise<void>;
}

const CHANGES_CHANNEL = 'schemagate_changes';

/** Where the first admin key is written: beside the data folder (`./.schemagate/admin.key` by default). */
export const adminKeyPath = (dataDir: string) => join(dirname(resolve(dataDir)), 'admin.key');

export function consoleLogger(level: Config['SCHEMAGATE_LOG']): Logger {
  const quiet = level === 'silent';
  return {
    info: (message) => {
      if (!quiet && level !== 'error') process.stdout.write(`${message}\n`);
    },
    error: (message, error) => {
      if (quiet) return;
      process.stderr.write(
        `${message}${error ? `: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : ''}\n`,
      );
    },
  };
}

/**
 * Starts the service as `schemagate serve` does: storage (migrated under an advisory lock), the first admin key,
 * the example contracts into an empty registry, cross-replica cache invalidation, and the HTTP listener.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = parseConfig({ ...process.env, ...options.env });
  const log = options.log ?? consoleLogger(config.SCHEMAGATE_LOG);
  const storage = await openStorage(config);
  const replicaId = Math.random().toString(36).slice(2);
  const appOptions: CreateAppOptions = {
    store: storage.store,
    keys: storage.lookupKey,
    config,
    log,
    ready: storage.ping,
    publishChange: (registry, name) => {
      storage.notify(CHANGES_CHANNEL, JSON.stringify({ from: replicaId, registry, name })).catch((error) => {
        log.error('could not notify other replicas', error);
      });
    },
  };
  const schemagate = createApp(appOptions);
  const unlisten = await storage.listen(
    CHANGES_CHANNEL,
    (payload) => {
      try {
        const change = JSON.parse(payload) as { from: string; registry: string; name: string };
        if (change.from !== replicaId) schemagate.invalidate(change.registry, change.name);
      } catch {
        schemagate.invalidateAll();
      }
    },
    () => {
      // changes announced while the connection was down were missed
      schemagate.invalidateAll();
      log.info('storage notifications are back: dropped cached schemas');
    },
  );

  const unfollowKeys = await storage.followKeyRevocations();

  const adminKeyFile = adminKeyPath(config.SCHEMAGATE_DATA);
  let createdAdminKey: string | undefined;
  if (config.SCHEMAGATE_AUTH === 'on') {
    createdAdminKey = await storage.createFirstAdminKey();
    if (createdAdminKey) {
      await mkdir(dirname(adminKeyFile), { recursive: true });
      await writeFile(adminKeyFile, `${createdAdminKey}\n`, { mode: 0o600 });
      await chmod(adminKeyFile, 0o600);
      log.info(
        `created the first admin key (shown once; also saved to ${adminKeyFile}):\n  ${createdAdminKey}`,
      );
    }
  } else {
    log.info('SCHEMAGATE_AUTH=off: every request is treated as admin');
  }

  if (config.SCHEMAGATE_SEED && (await storage.isEmpty())) {
    const dir = resolve(config.SCHEMAGATE_SEED_DIR ?? 'schemas');
    const contracts = await loadSchemaFolder(dir).catch(() => []);
    if (contracts.length > 0) {
      const { registered, failed } = await seedContracts(schemagate.services.registry, contracts, log);
      log.info(
        `loaded ${registered} example contract(s) from ${dir}${failed.length ? `, ${failed.length} failed` : ''}`,
      );
    }
  }

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
      const s = serve(
        {
          fetch: schemagate.app.fetch,
          port: config.PORT,
          hostname: config.HOST,
          serverOptions: clientTimeouts(config),
        },
        () => resolveServer(s),
      );
      s.once('error', reject);
    });
  } catch (error) {
    await unfollowKeys();
    await unlisten();
    await storage.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`${config.HOST}:${config.PORT} is already in use: pick another with --port or PORT`);
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  log.info(`schemagate listening on ${url} (${storage.kind}; docs at ${url}/docs)`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    config,
    adminKeyFile,
    ...(createdAdminKey ? { createdAdminKey } : {}),
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          // keep-alive connections would hold close() open until their clients leave
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await unlisten();
        await unfollowKeys();
        await storage.close();
      })();
      return closing;
    },
  };
}
