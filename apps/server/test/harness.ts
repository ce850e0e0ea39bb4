import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '@schemagate/db';
import { type CreateAppOptions, createApp, type SchemagateApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import type { KeyScope } from '../src/middleware/auth.ts';
import { type RunningServer, startServer } from '../src/serve.ts';
import { storageFromHandle } from '../src/storage.ts';

/**
 * The environment of a test about what a route answers, not about load shedding: on a machine busy with other
 * tests the event loop lags past the shedding threshold, and answers would turn into 503 `overloaded`.
 */
export const NO_SHEDDING = { SCHEMAGATE_SHED_LAG_MS: '0' };

/**
 * Test apps register schemas by the thousand (the JSON-Schema-Test-Suite, hostile suites) with one key: the
 * registrations-a-minute limit, which is about people and CI pushing contracts, is off unless a test sets it
 * (registry-limits.error.test.ts does). Load shedding too: these apps share the test process's event loop with
 * PGlite, code generation and the test's own work, which lag it past a second on a busy machine, and their
 * requests would be shed for it (load-shedding.test.ts sets its own threshold).
 */
const UNTHROTTLED = { SCHEMAGATE_REGISTRATIONS_PER_MINUTE: '0', ...NO_SHEDDING };

export interface TestApp {
  app: SchemagateApp['app'];
  schemagate: SchemagateApp;
  keys: Record<KeyScope, string>;
  /** `app.request` with a JSON body and the key of a scope (admin by default; `null` for none). */
  call(
    method: string,
    path: string,
    options?: { json?: unknown; body?: string; key?: KeyScope | null; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The app on a fresh database, with one key per scope, driven in-process through `app.request()`; `options`
 * replaces what the app is made with (an injected clock or event-loop lag, a database the gate writes to).
 */
export async function startTestApp(
  handle: DatabaseHandle,
  env: Record<string, string> = {},
  options: Partial<Pick<CreateAppOptions, 'eventLoopLag' | 'monotonicNow' | 'db'>> = {},
): Promise<TestApp> {
  const storage = storageFromHandle(handle);
  const config = parseConfig({ SCHEMAGATE_LOG: 'silent', SCHEMAGATE_SEED: 'false', ...UNTHROTTLED, ...env });
  const schemagate = createApp({
    store: storage.store,
    keys: storage.lookupKey,
    config,
    ready: storage.ping,
    keyAdmin: storage.keyAdmin,
    db: handle.db,
    ...options,
  });
  const keys = {} as Record<KeyScope, string>;
  for (const scope of ['admin', 'write', 'validate', 'read'] as const) {
    keys[scope] = await storage.createKey(scope, `test-${scope}`);
  }
  return {
    app: schemagate.app,
    schemagate,
    keys,
    call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key === undefined ? 'admin' : options.key;
      if (key) headers.authorization = `Bearer ${keys[key]}`;
      let body = options.body;
      if (options.json !== undefined) body = JSON.stringify(options.json);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      return Promise.resolve(schemagate.app.request(path, { method, headers, body }));
    },
    close: () => storage.close(),
  };
}

/** A real server and the headers of its admin key, from {@link startLocalServer}. */
export interface LocalServer {
  server: RunningServer;
  headers: Record<string, string>;
  /** Stops the server and removes its data folder. */
  close(): Promise<void>;
}

/**
 * The server as `schemagate serve` starts it, on a free port, with embedded PGlite in a fresh temporary folder, no
 * seed and no log; `env` overrides the environment.
 */
export async function startLocalServer(
  prefix: string,
  env: Record<string, string> = {},
): Promise<LocalServer> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const server = await startServer({
    env: {
      PORT: '0',
      SCHEMAGATE_DATA: join(dataDir, 'data'),
      SCHEMAGATE_SEED: 'false',
      DATABASE_URL: '',
      SCHEMAGATE_LOG: 'silent',
      ...UNTHROTTLED,
      ...env,
    },
  });
  const key = (await readFile(server.adminKeyFile, 'utf8')).trim();
  return {
    server,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
