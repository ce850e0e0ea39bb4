import type { KeyScope } from '@schemagate/db';
import { type Connection, type ConnectionFlags, DEFAULT_DATA_DIR, resolveConnection } from './connection.ts';
import { describeFailure } from './describe-failure.ts';

export interface KeyLimitsInput {
  registries?: string[];
  rateLimit?: { perSecond: number; burst: number };
}

/** A key as `keys list` shows it, from the server or the database alike. */
export interface KeyListing {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  registries: string[] | null;
  rateLimit: { perSecond: number; burst: number } | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt?: string | null;
}

export interface CreatedKey extends Omit<KeyListing, 'lastUsedAt' | 'revokedAt'> {
  key: string;
}

/** Where `keys` commands do their work: the running server's `/v1/keys`, or the database itself. */
export interface KeyBackend {
  /** For messages: the server's URL or the data folder / database. */
  where: string;
  kind: 'server' | 'database';
  create(scope: KeyScope, name: string, limits: KeyLimitsInput): Promise<CreatedKey>;
  list(): Promise<KeyListing[]>;
  /** By id, or by the prefix `keys list` shows; false when no live key matched. */
  revoke(idOrPrefix: string): Promise<boolean>;
}

/** How long the CLI waits for a server to answer `/healthz` before it works on the database instead. */
const PROBE_MS = 1500;

/** Whether anything answers HTTP at `url`: a refused connection or silence means no server runs there. */
async function serverAnswers(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(PROBE_MS) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The server at `--url` when one answers there; else the database (`$DATABASE_URL`, or the PGlite data folder,
 * which only one process can have open, so this works while the embedded server is stopped).
 */
export async function openKeyBackend(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeyBackend> {
  const connection = await resolveConnection(flags, env);
  if (await serverAnswers(connection.url)) return await serverBackend(connection);
  return databaseBackend(flags.data ?? env.SCHEMAGATE_DATA ?? DEFAULT_DATA_DIR, env.DATABASE_URL);
}

/**
 * The server's `/v1/keys` through the SDK's client (which retries 429 and 503 as every command does); a failure
 * becomes the sentence other commands print for it (a refused key says where it came from).
 */
async function serverBackend(connection: Connection): Promise<KeyBackend> {
  const { createClient, isSchemagateError } = await import('@schemagate/sdk');
  const client = createClient({ url: connection.url, key: connection.key });
  const explained = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new Error(describeFailure(error, connection));
    }
  };
  const list = () =>
    explained(async () => {
      const items: KeyListing[] = [];
      for await (const key of client.listAllKeys()) items.push(key);
      return items;
    });
  return {
    where: connection.url,
    kind: 'server',
    create: (scope, name, limits) =>
      explained(async () => {
        const created = await client.createKey({ scope, name, ...limits });
        const { keyPrefix } = await import('@schemagate/db');
        return { ...created, prefix: keyPrefix(created.key) };
      }),
    list,
    async revoke(idOrPrefix) {
      // the API revokes by id; a prefix (what `keys list` shows first) is looked up among the live keys
      const match = (await list()).find((k) => k.id === idOrPrefix || k.prefix === idOrPrefix);
      if (!match) return false;
      return explained(() =>
        client.revokeKey(match.id).then(
          () => true,
          (error: unknown) => {
            // revoked by someone else since the listing
            if (isSchemagateError(error) && error.code === 'not_found') return false;
            throw error;
          },
        ),
      );
    },
  };
}

function databaseBackend(dataDir: string, databaseUrl: string | undefined): KeyBackend {
  type Db = typeof import('@schemagate/db');
  const withStore = async <T>(
    work: (store: import('@schemagate/db').KeyStore, db: Db) => Promise<T>,
  ): Promise<T> => {
    const db = await import('@schemagate/db');
    const { createKeyStore, migrate, openDatabase } = db;
    const handle = await openDatabase(databaseUrl ? { url: databaseUrl, maxConnections: 1 } : { dataDir });
    try {
      // A fresh folder has no tables yet; migrating is idempotent and runs under the same lock as the server's.
      await migrate(handle.db);
      return await work(createKeyStore(handle.db), db);
    } finally {
      await handle.close();
    }
  };
  // the database's view of a key, as the API shows it, and when it was revoked (the database lists those too)
  const listing = (db: Db, row: import('@schemagate/db').ApiKeyRow): KeyListing => ({
    ...db.apiKeyView(row),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  });
  return {
    where: databaseUrl ? 'the database at $DATABASE_URL' : `the data folder ${dataDir}`,
    kind: 'database',
    async create(scope, name, limits) {
      const { plaintext, view } = await withStore(async (store, db) => {
        const issued = await store.issue(scope, name, limits);
        return { plaintext: issued.plaintext, view: listing(db, issued.row) };
      });
      const { lastUsedAt: _lastUsedAt, revokedAt: _revokedAt, ...shown } = view;
      return { ...shown, key: plaintext };
    },
    list: () => withStore(async (store, db) => (await store.list()).map((row) => listing(db, row))),
    revoke: (idOrPrefix) => withStore((store) => store.revoke(idOrPrefix)),
  };
}
