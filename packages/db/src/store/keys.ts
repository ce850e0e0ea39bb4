import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { rowsOf } from '../migrate.ts';
import { apiKeys } from '../schema/index.ts';

export type KeyScope = 'admin' | 'write' | 'validate' | 'read';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scope: KeyScope;
  createdAt: Date;
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

/** API keys: created with a plaintext shown once, stored hashed, looked up by hash. */
export function createKeyStore(db: Database) {
  async function insert(target: Database, scope: KeyScope, name: string) {
    const plaintext = newPlaintext();
    await target.insert(apiKeys).values({
      id: randomUUID(),
      name,
      prefix: plaintext.slice(0, 10),
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

    async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
        .limit(1);
      return row ? { ...row, scope: row.scope as KeyScope } : undefined;
    },

    async list(): Promise<ApiKeyRow[]> {
      const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
      return rows.map(({ hash: _hash, ...row }) => ({ ...row, scope: row.scope as KeyScope }));
    },

    /** Revokes by id or by the prefix shown in lists; true when a key was revoked. */
    async revoke(idOrPrefix: string): Promise<boolean> {
      const result = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(isNull(apiKeys.revokedAt), or(eq(apiKeys.id, idOrPrefix), eq(apiKeys.prefix, idOrPrefix))))
        .returning({ id: apiKeys.id });
      return rowsOf(result).length > 0;
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
