import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createEmulatorApp, type EmulatorFaults, type EmulatorState } from './emulator-app.ts';

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL to pass as the SDK clients' `endpoint`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  state: EmulatorState;
  inject: EmulatorFaults;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the emulator has no auth and must not face a network. */
  hostname?: string;
  region?: string;
  /** The draws behind injected shares of PutEvents failures; Math.random by default. */
  random?: () => number;
}

/**
 * Starts the loopback EventBridge + Schema Registry emulator.
 *
 * @example
 * const emulator = await startEmulator();
 * const schemas = new SchemasClient({ endpoint: emulator.url, region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 * // ...
 * await emulator.close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { app, state, inject } = createEmulatorApp({
    ...(options.region ? { region: options.region } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const hostname = options.hostname ?? '127.0.0.1';
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname }, (info) =>
        resolve({ server, address: info }),
      );
      server.once('error', reject);
    },
  );
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    state,
    inject,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
