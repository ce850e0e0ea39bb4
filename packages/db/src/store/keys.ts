import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../migrate.ts';
import type { keyScopes } from '../schema/allowed-values.ts';
import { apiKeys } from '../schema/index.ts';

export type KeyScope = (typeof keyScopes)[number];

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scope: KeyScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
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
  async function insert(target: Database, scope: KeyScope, name: string) {
    const plaintext = newPlaintext();
    await target.insert(apiKeys).values({
      id: randomUUID(),
      name,
      prefix: keyPrefix(plaintext),
      hash: hashApiKey(plaintext),
      scope,
    });
    return plaintext;
  }

  return {
    /** Creates a key and returns its plaintext, which is not stored anywhere. */
    create: (scope: KeyScope, name: string): Promise<string> => insert(db, scope, name),

    /** The first admin key, when the store holds none yet; undefined otherwise. */
    createFirstAdmin(): Promise<string | undefined> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_KEY_LOCK})`);
        const [any] = await tx.select({ id: apiKeys.id }).from(apiKeys).limit(1);
        if (any) return undefined;
        return insert(tx as unknown as Database, 'admin', 'first admin key');
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

    async list(): Promise<ApiKeyRow[]> {
      const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
      return rows.map(({ hash: _hash, ...row }) => ({ ...row, scope: row.scope as KeyScope }));
    },

    /**
     * Revokes by id or by the prefix shown in lists; true when a key was revoked. Servers listening on
     * KEY_CHANGES_CHANNEL drop what they cached of the key, so it stops working at once on every replica.
     */
    async revoke(idOrPrefix: string): Promise<boolean> {
      const result = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(isNull(apiKeys.revokedAt), or(eq(apiKeys.id, idOrPrefix), eq(apiKeys.prefix, idOrPrefix))))
        .returning({ prefix: apiKeys.prefix });
      const revoked = rowsOf<{ prefix: string }>(result);
      for (const { prefix } of revoked)
        await db.execute(sql`select pg_notify(${KEY_CHANGES_CHANNEL}, ${prefix})`);
      return revoked.length > 0;
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
