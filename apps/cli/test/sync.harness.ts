import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHttpRegistryPort,
  createSchemasClient,
  type RegistryPort,
  type RunningEmulator,
  type SyncOptions,
  type SyncResult,
  startEmulator,
  syncEventBridge,
} from '@schemagate/eventbridge';
import { createClient, type SchemagateClient } from '@schemagate/sdk';
import { type RunningServer, startServer } from '@schemagate/server';

// The SDK warns once per process that Node 20 support ends; it would fill every test run's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** What an HTTP call to the server answered: status and parsed JSON body (typed by the caller). */
export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/**
 * A real schemagate server (embedded PGlite in a temporary folder) and the EventBridge emulator, with the
 * real `@aws-sdk/client-schemas` client on the emulator and the SDK client on the server: the two ends
 * `schemagate sync eventbridge` connects.
 */
export interface SyncWorld {
  server: RunningServer;
  emulator: RunningEmulator;
  /** The admin key the server wrote to `server.adminKeyFile`. */
  adminKey: string;
  schemagate: SchemagateClient;
  schemas: ReturnType<typeof createSchemasClient>;
  port: RegistryPort;
  /** The sync engine on the two real ends, with backoff that does not sleep. */
  sync(options: Pick<SyncOptions, 'registry' | 'direction'> & Partial<SyncOptions>): Promise<SyncResult>;
  /** A raw call to the server's HTTP API with the admin key, bypassing the SDK. */
  http<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

/** Starts a server and an emulator on free loopback ports; `close()` stops both and removes the data. */
export async function startSyncWorld(): Promise<SyncWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-sync-'));
  const [server, emulator] = await Promise.all([
    startServer({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        SCHEMAGATE_DATA: join(dir, 'data'),
        SCHEMAGATE_SEED: 'false',
        DATABASE_URL: '',
        SCHEMAGATE_LOG: 'silent',
      },
    }),
    startEmulator(),
  ]);
  const adminKey = (await readFile(server.adminKeyFile, 'utf8')).trim();
  const schemagate = createClient({ url: server.url, key: adminKey });
  const schemas = createSchemasClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const port = createHttpRegistryPort(schemagate);
  return {
    server,
    emulator,
    adminKey,
    schemagate,
    schemas,
    port,
    sync: (options) =>
      syncEventBridge({ client: schemas, port, retry: { sleep: async () => {} }, ...options }),
    async http<T>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T>> {
      const response = await fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async close() {
      schemas.destroy();
      await Promise.all([server.close(), emulator.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
