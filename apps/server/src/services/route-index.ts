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
  byEnvelope: Map<string, RouteTarget[]>;
  byCloudEventType: Map<string, RouteTarget[]>;
  byUri: Map<string, RouteTarget[]>;
};

const envelopeKey = (source: string, detailType: string) => `${source}\u0000${detailType}`;

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
    if (route.source && route.detailType)
      add(index.byEnvelope, envelopeKey(route.source, route.detailType), target);
    if (route.cloudEventType) add(index.byCloudEventType, route.cloudEventType, target);
    if (route.schemaUri) add(index.byUri, route.schemaUri, target);
  }
  return index;
}

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
    let candidates: RouteTarget[] | undefined;
    let described: string;
    if (explicit.schema) {
      candidates = index.byName.get(explicit.schema);
      described = `schema \`${explicit.schema}\``;
    } else if (
      isPlainObject(event) &&
      typeof event.source === 'string' &&
      typeof event['detail-type'] === 'string'
    ) {
      candidates = index.byEnvelope.get(envelopeKey(event.source, event['detail-type']));
      described = `source \`${event.source}\` and detail-type \`${event['detail-type']}\``;
    } else if (isPlainObject(event) && typeof event.type === 'string' && 'specversion' in event) {
      const byUri = typeof event.dataschema === 'string' ? index.byUri.get(event.dataschema) : undefined;
      candidates = byUri ?? index.byCloudEventType.get(event.type);
      described = `CloudEvents type \`${event.type}\``;
    } else {
      throw new AppError('no_schema_for_event', {
        detail:
          'Name the schema, or send an EventBridge event (source, detail-type) or a CloudEvent (specversion, type)',
      });
    }
    if (explicit.registry) candidates = candidates?.filter((c) => c.registry === explicit.registry);
    if (!candidates || candidates.length === 0) {
      const where = explicit.registry ? ` in registry \`${explicit.registry}\`` : '';
      throw new AppError('no_schema_for_event', {
        detail: `No schema is registered for ${described}${where}`,
      });
    }
    if (candidates.length > 1) {
      const registries = candidates.map((c) => `${c.registry}/${c.name}`).join(', ');
      throw new AppError('conflict', {
        detail: `Several schemas match ${described} (${registries}): name the registry or the schema`,
      });
    }
    return candidates[0]!;
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
