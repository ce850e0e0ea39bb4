import { isPlainObject } from '@schemagate/core';
import { AppError } from '../errors.ts';

/** What routes an event to a schema, as stored with the schema's latest version. */
export interface SchemaRoute {
  registry: string;
  name: string;
  source?: string | null;
  detailType?: string | null;
  cloudEventType?: string | null;
  schemaUri?: string | null;
}

export interface RouteTarget {
  registry: string;
  name: string;
}

type Index = {
  byName: Map<string, RouteTarget[]>;
  /** By `source`, then `detail-type`: two lookups of the event's own strings, no key built per event. */
  byEnvelope: Map<string, Map<string, RouteTarget[]>>;
  byCloudEventType: Map<string, RouteTarget[]>;
  byUri: Map<string, RouteTarget[]>;
};

function add(map: Map<string, RouteTarget[]>, key: string, target: RouteTarget): void {
  const list = map.get(key);
  if (list) list.push(target);
  else map.set(key, [target]);
}

function build(routes: SchemaRoute[]): Index {
  const index: Index = {
    byName: new Map(),
    byEnvelope: new Map(),
    byCloudEventType: new Map(),
    byUri: new Map(),
  };
  for (const route of routes) {
    const target = { registry: route.registry, name: route.name };
    add(index.byName, route.name, target);
    if (route.source && route.detailType) {
      let byDetailType = index.byEnvelope.get(route.source);
      if (!byDetailType) {
        byDetailType = new Map();
        index.byEnvelope.set(route.source, byDetailType);
      }
      add(byDetailType, route.detailType, target);
    }
    if (route.cloudEventType) add(index.byCloudEventType, route.cloudEventType, target);
    if (route.schemaUri) add(index.byUri, route.schemaUri, target);
  }
  return index;
}

/** The schemas an event may be routed to, by the first rule that applies to it (see {@link RouteIndex}). */
function candidatesFor(
  index: Index,
  event: unknown,
  explicit: { schema?: string },
): RouteTarget[] | undefined {
  if (explicit.schema) return index.byName.get(explicit.schema);
  if (!isPlainObject(event)) throw unroutable();
  const { source, 'detail-type': detailType } = event;
  if (typeof source === 'string' && typeof detailType === 'string') {
    return index.byEnvelope.get(source)?.get(detailType);
  }
  if (typeof event.type === 'string' && 'specversion' in event) {
    const byUri = typeof event.dataschema === 'string' ? index.byUri.get(event.dataschema) : undefined;
    return byUri ?? index.byCloudEventType.get(event.type);
  }
  throw unroutable();
}

/** What an event was routed by, in words, for an error that says the route led nowhere or to several schemas. */
function describeRoute(event: unknown, explicit: { schema?: string }): string {
  if (explicit.schema) return `schema \`${explicit.schema}\``;
  const { source, 'detail-type': detailType, type } = event as Record<string, unknown>;
  if (typeof source === 'string' && typeof detailType === 'string') {
    return `source \`${source}\` and detail-type \`${detailType}\``;
  }
  return `CloudEvents type \`${String(type)}\``;
}

const unroutable = () =>
  new AppError('no_schema_for_event', {
    detail:
      'Name the schema, or send an EventBridge event (source, detail-type) or a CloudEvent (specversion, type)',
  });

/**
 * Routes an event to its schema: explicit name; else an EventBridge envelope's `source` + `detail-type`;
 * else a CloudEvent's `dataschema` (a registered `$id`) or `type`. Built from storage once and rebuilt
 * lazily after a write marks it stale.
 */
export class RouteIndex {
  readonly #load: () => Promise<SchemaRoute[]>;
  #index: Index | undefined;
  #loading: Promise<Index> | undefined;
  #generation = 0;

  constructor(load: () => Promise<SchemaRoute[]>) {
    this.#load = load;
  }

  markStale(): void {
    this.#generation++;
    this.#index = undefined;
    this.#loading = undefined;
  }

  /**
   * The schema for an event, or an AppError saying why there is none (or more than one). Answers without a
   * promise once the index is loaded, so a batch of events awaits nothing per event.
   */
  resolve(
    event: unknown,
    explicit: { registry?: string; schema?: string },
  ): RouteTarget | Promise<RouteTarget> {
    if (explicit.registry && explicit.schema) return { registry: explicit.registry, name: explicit.schema };
    const index = this.#index;
    if (!index) return this.#ensure().then((loaded) => this.#resolveIn(loaded, event, explicit));
    return this.#resolveIn(index, event, explicit);
  }

  #resolveIn(index: Index, event: unknown, explicit: { registry?: string; schema?: string }): RouteTarget {
    let candidates = candidatesFor(index, event, explicit);
    if (explicit.registry) candidates = candidates?.filter((c) => c.registry === explicit.registry);
    if (candidates?.length === 1) return candidates[0]!;
    if (!candidates || candidates.length === 0) {
      const where = explicit.registry ? ` in registry \`${explicit.registry}\`` : '';
      throw new AppError('no_schema_for_event', {
        detail: `No schema is registered for ${describeRoute(event, explicit)}${where}`,
      });
    }
    const registries = candidates.map((c) => `${c.registry}/${c.name}`).join(', ');
    throw new AppError('conflict', {
      detail: `Several schemas match ${describeRoute(event, explicit)} (${registries}): name the registry or the schema`,
    });
  }

  async #ensure(): Promise<Index> {
    if (!this.#loading) {
      const generation = this.#generation;
      const loading = this.#load().then((routes) => {
        const index = build(routes);
        if (generation === this.#generation) this.#index = index;
        return index;
      });
      loading.catch(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
      this.#loading = loading;
    }
    return this.#loading;
  }
}
