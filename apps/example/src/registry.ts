import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '@schemagate/server';

/** A registry to read contracts from: where it is, the key to use, and how to let go of it. */
export interface RegistryConnection {
  url: string;
  key?: string;
  /** True when this process started the registry (and `close` stops it). */
  embedded: boolean;
  close(): Promise<void>;
}

/** The repository's contracts folder, which an embedded registry is seeded from. */
export const SHOP_CONTRACTS_DIR = fileURLToPath(new URL('../../../schemas', import.meta.url));

/**
 * Connects to the registry at `url` when one is given; otherwise starts one in this process on a free
 * loopback port, with an embedded database in a temporary folder, seeded with the repository's
 * `schemas/` contracts as `schemagate serve` seeds an empty registry.
 */
export async function openRegistry(
  options: { url?: string | undefined; key?: string | undefined } = {},
): Promise<RegistryConnection> {
  if (options.url) {
    return {
      url: options.url,
      ...(options.key ? { key: options.key } : {}),
      embedded: false,
      close: async () => {},
    };
  }
  const dataRoot = await mkdtemp(join(tmpdir(), 'schemagate-example-'));
  try {
    const server = await startServer({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        // Empty means the embedded PGlite store, even when the shell has a DATABASE_URL for other work.
        DATABASE_URL: '',
        SCHEMAGATE_DATA: join(dataRoot, 'data'),
        SCHEMAGATE_SEED: 'true',
        SCHEMAGATE_SEED_DIR: SHOP_CONTRACTS_DIR,
        SCHEMAGATE_AUTH: 'on',
        SCHEMAGATE_LOG: 'error',
      },
    });
    return {
      url: server.url,
      ...(server.createdAdminKey ? { key: server.createdAdminKey } : {}),
      embedded: true,
      close: async () => {
        await server.close();
        await rm(dataRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataRoot, { recursive: true, force: true });
    throw error;
  }
}
