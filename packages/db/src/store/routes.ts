import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { schemas } from '../schema/index.ts';
import { byteOrderName } from './name-order.ts';
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

/** The route keys of schemas: all of them, or the ones an event's keys route to. */
export function routeQueries(db: Database): Pick<RegistryStore, 'listRoutes' | 'findSchemasByRoute'> {
  return {
    async listRoutes(): Promise<SchemaRouteRow[]> {
      return db.select(routeColumns).from(schemas).where(routable());
    },

    async findSchemasByRoute(route) {
      const key =
        route.cloudEventType !== undefined
          ? eq(schemas.cloudEventType, route.cloudEventType)
          : route.source !== undefined && route.detailType !== undefined
            ? and(eq(schemas.eventSource, route.source), eq(schemas.eventDetailType, route.detailType))
            : undefined;
      if (!key) return [];
      return db
        .select(routeColumns)
        .from(schemas)
        .where(
          and(
            key,
            route.registry === undefined ? undefined : eq(schemas.registry, route.registry),
            routable(),
          ),
        )
        .orderBy(asc(schemas.registry), byteOrderName);
    },
  };
}
