import type { SchemasClient } from '@aws-sdk/client-schemas';
import { type RunningEmulator, startEmulator } from '../src/emulator/start-emulator.ts';
import { createSchemasClient } from '../src/sync/eventbridge-schemas.ts';
import { InMemoryRegistryPort } from '../src/sync/in-memory-registry-port.ts';
import type { RetryPolicy } from '../src/sync/retry.ts';
import { type SyncOptions, syncEventBridge } from '../src/sync/sync-eventbridge.ts';

/** An emulator, a real SDK client on it, an in-memory schemagate and a retry policy that never sleeps. */
export interface SyncFixture {
  emulator: RunningEmulator;
  client: SchemasClient;
  port: InMemoryRegistryPort;
  /** Every backoff delay the sync asked for, in order. */
  delays: number[];
  retry: Partial<RetryPolicy>;
  sync(
    options: Pick<SyncOptions, 'registry' | 'direction'> & Partial<SyncOptions>,
  ): ReturnType<typeof syncEventBridge>;
  close(): Promise<void>;
}

export async function createSyncFixture(): Promise<SyncFixture> {
  const emulator = await startEmulator();
  const client = createSchemasClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const port = new InMemoryRegistryPort();
  const delays: number[] = [];
  const retry: Partial<RetryPolicy> = {
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
  return {
    emulator,
    client,
    port,
    delays,
    retry,
    sync: (options) => syncEventBridge({ client, port, retry, ...options }),
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}

/** A small draft-04 event schema whose content differs by `n`. */
export function draft04Schema(name: string, n: number) {
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: name,
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, [`field${n}`]: { type: 'integer', minimum: n } },
  };
}
