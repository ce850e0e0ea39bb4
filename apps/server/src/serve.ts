import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { deferSecondOpinions } from '@schemagate/core';
import { startSweeper } from '@schemagate/idempotency';
import { loadSchemaFolder } from '@schemagate/schemas-folder';
import {
  adminKeyPath,
  checkAdminKeyFile,
  type FirstAdminKey,
  provideFirstAdminKey,
} from './admin-key-file.ts';
import { type CreateAppOptions, createApp, type Logger } from './app.ts';
import { clientTimeouts } from './client-timeouts.ts';
import { type Config, parseConfig } from './config.ts';
import { startForwarding } from './forwarding.ts';
import { startOutboxWakeups } from './outbox-wakeup.ts';
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
  /** The data folder's admin key file (see {@link adminKeyPath}). */
  adminKeyFile: string;
  /** Whether `createdAdminKey` was saved to `adminKeyFile`: not when that file held a key already. */
  adminKeySaved: boolean;
  close(): Promise<void>;
}

const CHANGES_CHANNEL = 'schemagate_changes';

export { adminKeyPath };

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
  // redos-detector's analysis of a pattern runs in the work pool, never on the event loop (registry-service.ts)
  deferSecondOpinions(true);
  const log = options.log ?? consoleLogger(config.SCHEMAGATE_LOG);
  // a key file that is not ours stops the start before storage is opened
  if (config.SCHEMAGATE_AUTH === 'on') await checkAdminKeyFile(adminKeyPath(config.SCHEMAGATE_DATA));
  const storage = await openStorage(config);
  const replicaId = Math.random().toString(36).slice(2);
  const appOptions: CreateAppOptions = {
    store: storage.store,
    keys: storage.lookupKey,
    keyAdmin: storage.keyAdmin,
    db: storage.db,
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

  let firstKey: FirstAdminKey = { file: adminKeyPath(config.SCHEMAGATE_DATA), saved: false };
  if (config.SCHEMAGATE_AUTH === 'on') {
    try {
      firstKey = await provideFirstAdminKey(config.SCHEMAGATE_DATA, storage.createFirstAdminKey, log);
    } catch (error) {
      await unfollowKeys();
      await unlisten();
      await storage.close();
      throw error;
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
    await schemagate.pool.close();
    await storage.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`${config.HOST}:${config.PORT} is already in use: pick another with --port or PORT`);
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  // every replica forwards: claims are leased with SKIP LOCKED, so replicas share the outbox without stepping on each other
  const forwarding = await startForwarding({
    config,
    outbox: storage.outbox,
    metrics: schemagate.services.metrics,
    log,
  });
  const wakeups = await startOutboxWakeups({ storage, wake: forwarding.wake, replicaId, log });
  schemagate.gate?.onOutboxWritten(wakeups.written);
  log.info(`schemagate listening on ${url} (${storage.kind}; docs at ${url}/docs)`);
  // the pool's workers load their modules now, not on the first heavy request
  void schemagate.pool.warm();
  // expired idempotency records go in bounded batches; every replica sweeps, each batch deletes distinct rows
  const stopSweeper = schemagate.gate
    ? startSweeper(schemagate.gate.idempotencyStore, {
        onError: (error) => log.error('could not sweep expired idempotency records', error),
      })
    : async () => {};

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    config,
    adminKeyFile: firstKey.file,
    adminKeySaved: firstKey.saved,
    ...(firstKey.created ? { createdAdminKey: firstKey.created } : {}),
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          // keep-alive connections would hold close() open until their clients leave
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await wakeups.stop();
        await forwarding.stop();
        await stopSweeper();
        await unlisten();
        await unfollowKeys();
        await schemagate.pool.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
