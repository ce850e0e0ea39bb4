import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { registries } from '../schema/index.ts';
import { registryRow } from './rows.ts';
import type { RegistryStore } from './types.ts';

/** Listing, reading and upserting registries. */
export function registryQueries(
  db: Database,
): Pick<RegistryStore, 'listRegistries' | 'getRegistry' | 'putRegistry'> {
  return {
    async listRegistries() {
      return (await db.select().from(registries).orderBy(asc(registries.name))).map(registryRow);
    },

    async getRegistry(name) {
      const [row] = await db.select().from(registries).where(eq(registries.name, name)).limit(1);
      return row ? registryRow(row) : undefined;
    },

    async putRegistry(name, patch) {
      const values = {
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.compatibility ? { compatibility: patch.compatibility } : {}),
        ...(patch.policy ? { policy: patch.policy } : {}),
        ...(patch.deadLetters ? { deadLetters: patch.deadLetters } : {}),
        ...(patch.idempotencyKeyPointer !== undefined
          ? { idempotencyKeyPointer: patch.idempotencyKeyPointer }
          : {}),
      };
      const [row] = await db
        .insert(registries)
        .values({ name, ...values })
        .onConflictDoUpdate({ target: registries.name, set: { ...values, updatedAt: new Date() } })
        // xmax is 0 only on a row this statement inserted, not on one it updated
        .returning({ ...getTableColumns(registries), created: sql<boolean>`(xmax = 0)` });
      const { created, ...registry } = row!;
      return { created: Boolean(created), registry: registryRow(registry) };
    },
  };
}
