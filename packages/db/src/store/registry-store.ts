import type { Database } from '../client.ts';
import { deleteOperations } from './deletes.ts';
import { referenceQueries } from './references.ts';
import { versionRegistration } from './register-version.ts';
import { registryQueries } from './registries.ts';
import { routeQueries } from './routes.ts';
import { schemaQueries } from './schemas.ts';
import type { RegistryStore } from './types.ts';
import { versionQueries } from './versions.ts';

/**
 * The registry's storage on drizzle: the same queries on PGlite and Postgres. Pass a transaction to run a
 * store's reads inside it.
 */
export function createRegistryStore(db: Database): RegistryStore {
  return {
    ...registryQueries(db),
    ...schemaQueries(db),
    ...versionRegistration(db, createRegistryStore),
    ...versionQueries(db),
    ...deleteOperations(db),
    ...referenceQueries(db),
    ...routeQueries(db),
  };
}
