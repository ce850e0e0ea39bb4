import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createIdempotencyStore } from '../src/store/create-store.ts';
import type { IdempotencyStore, SqlDatabase, StoreTimingOptions } from '../src/store/types.ts';
import { eachDatabase, manualClock } from './databases.ts';

/** One place records can live, opened once per test file. */
export interface StoreBackend {
  /** A new store on this backend (memory: every store its own records; SQL: all share the database). */
  makeStore(options?: StoreTimingOptions): IdempotencyStore;
  db?: SqlDatabase;
  url?: string;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreKind {
  name: 'memory' | 'pglite' | 'postgres';
  open(): Promise<StoreBackend>;
}

/** The memory store, then every database of {@link eachDatabase}. */
export function eachStoreKind(): StoreKind[] {
  const memory: StoreKind = {
    name: 'memory',
    async open() {
      const stores: IdempotencyStore[] = [];
      return {
        makeStore(options = {}) {
          const store = createIdempotencyStore(options);
          stores.push(store);
          return store;
        },
        async clear() {
          await Promise.all(stores.splice(0).map((store) => store.close()));
        },
        async close() {
          await Promise.all(stores.map((store) => store.close()));
        },
      };
    },
  };
  const databases = eachDatabase().map(
    (database): StoreKind => ({
      name: database.name,
      async open() {
        const opened = await database.open();
        return {
          makeStore: (options = {}) => createIdempotencyStore({ db: opened.db, ...options }),
          db: opened.db,
          ...(opened.url ? { url: opened.url } : {}),
          async clear() {
            await opened.clear().catch((error: { cause?: { code?: string } }) => {
              // the table does not exist before the first store used the database
              if (error.cause?.code !== '42P01') throw error;
            });
          },
          close: () => opened.close(),
        };
      },
    }),
  );
  return [memory, ...databases];
}

/** What each test of a store test file starts from. */
export interface StoreFixture {
  backend: StoreBackend;
  clock: ReturnType<typeof manualClock>;
  store: IdempotencyStore;
}

/**
 * The hooks every store test file shares: `kind` opened once for the file and closed after it; before each test
 * its records cleared and a new store made on a manual clock with `timing`, handed to `use`. Hooks the file
 * registers after this call run after it.
 */
export function storeFixture(
  kind: StoreKind,
  timing: Omit<StoreTimingOptions, 'clock'>,
  use: (fixture: StoreFixture) => void,
): void {
  let backend: StoreBackend;
  beforeAll(async () => {
    backend = await kind.open();
  });
  afterAll(() => backend.close());
  beforeEach(async () => {
    await backend.clear();
    const clock = manualClock();
    use({ backend, clock, store: backend.makeStore({ clock: clock.now, ...timing }) });
  });
}
