import { type RouteKeys, RouteTable } from '@schemagate/core';
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

type Index = RouteTable<RouteTarget>;

function build(routes: SchemaRoute[]): Index {
  return new RouteTable(
    routes.map((route) => {
      const keys: RouteKeys = {};
      if (route.source) keys.source = route.source;
      if (route.detailType) keys.detailType = route.detailType;
      if (route.cloudEventType) keys.cloudEventType = route.cloudEventType;
      if (route.schemaUri) keys.schemaUri = route.schemaUri;
      return {
        registry: route.registry,
        name: route.name,
        keys,
        target: { registry: route.registry, name: route.name },
      };
    }),
  );
}

/**
 * Routes an event to its schema by core's rule ({@link RouteTable}): explicit name; else an EventBridge
 * envelope's `source` + `detail-type`; else a CloudEvent's `dataschema` (a registered `$id`) or `type`.
 * Built from storage once and rebuilt lazily after a write marks it stale.
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
    registries?: ReadonlySet<string> | null,
  ): RouteTarget | Promise<RouteTarget> {
    if (explicit.registry && explicit.schema) {
      // the same answer as for a schema that does not exist: the caller learns nothing of registries it may not reach
      if (registries && !registries.has(explicit.registry)) {
        throw new AppError('not_found', { detail: `No schema ${explicit.registry}/${explicit.schema}` });
      }
      return { registry: explicit.registry, name: explicit.schema };
    }
    const index = this.#index;
    if (!index) return this.#ensure().then((loaded) => this.#resolveIn(loaded, event, explicit, registries));
    return this.#resolveIn(index, event, explicit, registries);
  }

  #resolveIn(
    index: Index,
    event: unknown,
    explicit: { registry?: string; schema?: string },
    registries: ReadonlySet<string> | null | undefined,
  ): RouteTarget {
    const match = index.match(event, explicit, { registry: explicit.registry, registries });
    if (match.ok) return match.target;
    throw new AppError(match.refusal.code, { detail: match.refusal.detail });
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
