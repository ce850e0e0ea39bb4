import { and, gt, isNull } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { schemas } from '../schema/index.ts';
import type { RegistryStore, SchemaRouteRow } from './types.ts';

const routeColumns = {
  registry: schemas.registry,
  name: schemas.name,
  source: schemas.eventSource,
  detailType: schemas.eventDetailType,
  cloudEventType: schemas.cloudEventType,
  schemaUri: schemas.schemaUri,
};

/** A schema routes events only while it is live and has a version. */
const routable = () => and(isNull(schemas.deletedAt), gt(schemas.latestVersion, 0));

/** The route keys of every routable schema (the server indexes them in memory). */
export function routeQueries(db: Database): Pick<RegistryStore, 'listRoutes'> {
  return {
    async listRoutes(): Promise<SchemaRouteRow[]> {
      return db.select(routeColumns).from(schemas).where(routable());
    },
  };
}
