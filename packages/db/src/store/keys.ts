import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../migrate.ts';
import type { keyScopes } from '../schema/allowed-values.ts';
import { apiKeys } from '../schema/index.ts';
import { decodeTextCursor, encodeTextCursor } from './text-cursor.ts';

export type KeyScope = (typeof keyScopes)[number];

/** A key's own token bucket: sustained requests per second and the burst it may spend at once. */
export interface KeyRateLimit {
  perSecond: number;
  burst: number;
}

/** What a key is limited to besides its scope; null members fall back to "every registry" and the server's defaults. */
export interface KeyLimits {
  registries?: string[] | null;
  rateLimit?: KeyRateLimit | null;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scope: KeyScope;
  /** The registries the key may reach; null: every registry. */
  registries: string[] | null;
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * A key as it is shown, by the API and by the CLI working on the database alike: never its secret or its hash, the
 * rate limit as one value or null, dates as ISO text.
 */
export function apiKeyView(row: ApiKeyRow) {
  return {
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
  };
}

export interface ApiKeyRecord extends ApiKeyRow {
  hash: string;
}

// "schemagate-keys": the first admin key is created once however many replicas start together
const FIRST_KEY_LOCK = 0x6b657973;

/** sha256 hex of a key's plaintext: what is stored and looked up. */
export const hashApiKey = (plaintext: string): string => createHash('sha256').update(plaintext).digest('hex');

const newPlaintext = () => `sg_${randomBytes(32).toString('base64url')}`;

/** The channel a revocation is announced on, with the key's prefix as payload. */
export const KEY_CHANGES_CHANNEL = 'schemagate_keys';

/** Length of the public prefix of a key (`sg_` and 9 random characters, 54 bits). */
export const KEY_PREFIX_LENGTH = 12;

/** The public part of a key, by which it is looked up. */
export const keyPrefix = (plaintext: string): string => plaintext.slice(0, KEY_PREFIX_LENGTH);

/** API keys: created with a plaintext shown once, stored hashed, looked up by hash. */
export function createKeyStore(db: Database) {
  async function insert(target: Database, scope: KeyScope, name: string, limits: KeyLimits = {}) {
    const plaintext = newPlaintext();
    const [row] = await target
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        name,
        prefix: keyPrefix(plaintext),
        hash: hashApiKey(plaintext),
        scope,
        registries: limits.registries ?? null,
        rateLimitPerSecond: limits.rateLimit?.perSecond ?? null,
        rateLimitBurst: limits.rateLimit?.burst ?? null,
      })
      .returning();
    return { plaintext, row: publicRow(row!) };
  }

  /** Revokes the live keys matching `where` and announces each on KEY_CHANGES_CHANNEL; their prefixes. */
  async function revokeWhere(where: SQL | undefined): Promise<string[]> {
    const result = await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(isNull(apiKeys.revokedAt), where))
      .returning({ prefix: apiKeys.prefix });
    const revoked = rowsOf<{ prefix: string }>(result).map((row) => row.prefix);
    for (const prefix of revoked) await db.execute(sql`select pg_notify(${KEY_CHANGES_CHANNEL}, ${prefix})`);
    return revoked;
  }

  return {
    /** Creates a key and returns its plaintext, which is not stored anywhere. */
    create: async (scope: KeyScope, name: string, limits?: KeyLimits): Promise<string> =>
      (await insert(db, scope, name, limits)).plaintext,

    /** Creates a key; answers its plaintext (shown this once, stored nowhere) and its row. */
    issue: (
      scope: KeyScope,
      name: string,
      limits?: KeyLimits,
    ): Promise<{ plaintext: string; row: ApiKeyRow }> => insert(db, scope, name, limits),

    /** The first admin key, when the store holds none yet; undefined otherwise. */
    createFirstAdmin(): Promise<string | undefined> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_KEY_LOCK})`);
        const [any] = await tx.select({ id: apiKeys.id }).from(apiKeys).limit(1);
        if (any) return undefined;
        return (await insert(tx as unknown as Database, 'admin', 'first admin key')).plaintext;
      });
    },

    /** Live keys with this public prefix (almost always none or one); compare their hashes in constant time. */
    async findByPrefix(prefix: string): Promise<ApiKeyRecord[]> {
      const rows = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)));
      return rows.map((row) => ({ ...row, scope: row.scope as KeyScope }));
    },

    /** Every key, revoked ones too, oldest first. */
    async list(): Promise<ApiKeyRow[]> {
      const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
      return rows.map(publicRow);
    },

    /**
     * The live keys a page at a time, in id order (ids don't change, so a page boundary stays put while keys are
     * made and revoked); `nextCursor` when another page follows.
     */
    async listLive(page: {
      limit: number;
      cursor?: string;
    }): Promise<{ items: ApiKeyRow[]; nextCursor?: string }> {
      const after = page.cursor === undefined ? undefined : decodeTextCursor(page.cursor);
      const rows = await db
        .select()
        .from(apiKeys)
        .where(and(isNull(apiKeys.revokedAt), after === undefined ? undefined : gt(apiKeys.id, after)))
        .orderBy(asc(apiKeys.id))
        // one more than a page tells whether another page follows
        .limit(page.limit + 1);
      const items = rows.slice(0, page.limit).map(publicRow);
      const last = items.at(-1);
      return rows.length > page.limit && last ? { items, nextCursor: encodeTextCursor(last.id) } : { items };
    },

    /** Records that a key was used now; callers write it coarsely (see `api_keys.last_used_at`). */
    async touch(id: string): Promise<void> {
      await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, id));
    },

    /**
     * Revokes by id or by the prefix shown in lists; true when a key was revoked. Servers listening on
     * KEY_CHANGES_CHANNEL drop what they cached of the key, so it stops working at once on every replica.
     */
    async revoke(idOrPrefix: string): Promise<boolean> {
      const revoked = await revokeWhere(or(eq(apiKeys.id, idOrPrefix), eq(apiKeys.prefix, idOrPrefix)));
      return revoked.length > 0;
    },

    /** Revokes the live key with this id (announced as {@link revoke} does); its prefix, undefined when none was live. */
    async revokeById(id: string): Promise<string | undefined> {
      return (await revokeWhere(eq(apiKeys.id, id)))[0];
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;

function publicRow({ hash: _hash, ...row }: typeof apiKeys.$inferSelect): ApiKeyRow {
  return { ...row, scope: row.scope as KeyScope };
}
