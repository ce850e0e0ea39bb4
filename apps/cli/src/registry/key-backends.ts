import type { KeyScope } from '@schemagate/db';
import { type Connection, type ConnectionFlags, DEFAULT_DATA_DIR, resolveConnection } from './connection.ts';
import { describeRefusal } from './describe-failure.ts';

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
export async function serverAnswers(url: string): Promise<boolean> {
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
  if (await serverAnswers(connection.url)) return serverBackend(connection);
  return databaseBackend(flags.data ?? env.SCHEMAGATE_DATA ?? DEFAULT_DATA_DIR, env.DATABASE_URL);
}

/** A refusal or failure of `/v1/keys` as one sentence: a refused key says where it came from, as other commands do. */
async function failure(response: Response, connection: Connection): Promise<Error> {
  const problem = (await response.json().catch(() => ({}))) as {
    code?: string;
    detail?: string;
    title?: string;
  };
  const code = problem.code ?? `http_${response.status}`;
  const refusal = describeRefusal({ status: response.status, code, problem }, connection);
  return new Error(
    refusal ?? `${response.status} ${code}: ${problem.detail ?? problem.title ?? response.statusText}`,
  );
}

function serverBackend(connection: Connection): KeyBackend {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(path, connection.url), {
      method,
      headers: {
        ...(connection.key ? { authorization: `Bearer ${connection.key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response;
  };
  const list = async (): Promise<KeyListing[]> => {
    const items: KeyListing[] = [];
    let cursor: string | undefined;
    do {
      const response = await call(
        'GET',
        `/v1/keys?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (!response.ok) throw await failure(response, connection);
      const page = (await response.json()) as { items: KeyListing[]; nextCursor?: string };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  return {
    where: connection.url,
    kind: 'server',
    async create(scope, name, limits) {
      const response = await call('POST', '/v1/keys', { scope, name, ...limits });
      if (response.status !== 201) throw await failure(response, connection);
      const created = (await response.json()) as Omit<CreatedKey, 'prefix'>;
      return { ...created, prefix: created.key.slice(0, 12) };
    },
    list,
    async revoke(idOrPrefix) {
      // the API revokes by id; a prefix (what `keys list` shows first) is looked up among the live keys
      const match = (await list()).find((k) => k.id === idOrPrefix || k.prefix === idOrPrefix);
      if (!match) return false;
      const response = await call('DELETE', `/v1/keys/${encodeURIComponent(match.id)}`);
      if (response.status === 404) return false;
      if (response.status !== 204) throw await failure(response, connection);
      return true;
    },
  };
}

function databaseBackend(dataDir: string, databaseUrl: string | undefined): KeyBackend {
  const withStore = async <T>(work: (store: import('@schemagate/db').KeyStore) => Promise<T>): Promise<T> => {
    const { createKeyStore, migrate, openDatabase } = await import('@schemagate/db');
    const handle = await openDatabase(databaseUrl ? { url: databaseUrl, maxConnections: 1 } : { dataDir });
    try {
      // A fresh folder has no tables yet; migrating is idempotent and runs under the same lock as the server's.
      await migrate(handle.db);
      return await work(createKeyStore(handle.db));
    } finally {
      await handle.close();
    }
  };
  const listing = (row: import('@schemagate/db').ApiKeyRow): KeyListing => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    registries: row.registries,
    rateLimit:
      row.rateLimitPerSecond !== null && row.rateLimitBurst !== null
        ? { perSecond: row.rateLimitPerSecond, burst: row.rateLimitBurst }
        : null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  });
  return {
    where: databaseUrl ? 'the database at $DATABASE_URL' : `the data folder ${dataDir}`,
    kind: 'database',
    async create(scope, name, limits) {
      const { plaintext, row } = await withStore((store) => store.issue(scope, name, limits));
      const { lastUsedAt: _lastUsedAt, revokedAt: _revokedAt, ...view } = listing(row);
      return { ...view, key: plaintext };
    },
    list: () => withStore(async (store) => (await store.list()).map(listing)),
    revoke: (idOrPrefix) => withStore((store) => store.revoke(idOrPrefix)),
  };
}
