import { type RouteKeys, type RouteMatch, RouteTable, type ValidationIssue } from '@schemagate/core';

export type { RouteKeys };

/** One schema's generated binding (the shape of an entry of the generated `schemaBindings`). */
export interface EventBinding<Event> {
  readonly registry: string;
  readonly name: string;
  readonly version: number | string;
  readonly fingerprint: string;
  /** The version's state when the bindings were generated; absent counts as `active`. */
  readonly state?: string;
  readonly route: Readonly<RouteKeys>;
  is(event: unknown): event is Event;
  check(event: unknown): ValidationIssue[];
}

/** Generated `schemaBindings`: schema name -> binding, typed by the generated `SchemaTypes`. */
export type EventBindings<Types> = { readonly [Name in keyof Types]: EventBinding<Types[Name]> };

/** A binding an event routed to, under its name in the bindings. */
export interface FoundBinding<Types> {
  name: keyof Types & string;
  binding: EventBinding<Types[keyof Types]>;
}

// Generated bindings are constants: each set is indexed once.
const tables = new WeakMap<object, RouteTable<FoundBinding<never>>>();

function tableOf<Types>(bindings: EventBindings<Types>): RouteTable<FoundBinding<Types>> {
  let table = tables.get(bindings);
  if (!table) {
    const entries = Object.entries(bindings as Record<string, EventBinding<unknown>>).map(
      ([name, binding]) => ({
        registry: binding.registry,
        name,
        keys: binding.route,
        target: { name, binding } as FoundBinding<never>,
      }),
    );
    table = new RouteTable(entries);
    tables.set(bindings, table);
  }
  return table as unknown as RouteTable<FoundBinding<Types>>;
}

/**
 * Routes an event to its binding by the registry's rule (core's `RouteTable`): `explicit.schema` by name, else
 * an EventBridge envelope by `source` and `detail-type`, else a CloudEvent by `dataschema` or `type`. One match
 * routes; none or several is a refusal saying so.
 */
export function routeBinding<Types>(
  bindings: EventBindings<Types>,
  event: unknown,
  explicit: { registry?: string | undefined; schema?: string | undefined } = {},
): RouteMatch<FoundBinding<Types>> {
  return tableOf(bindings).match(event, explicit, explicit);
}

/** The binding an event routes to (see {@link routeBinding}); undefined when none, or several, claim it. */
export function findBinding<Types>(
  bindings: EventBindings<Types>,
  event: unknown,
): FoundBinding<Types> | undefined {
  const match = routeBinding(bindings, event);
  return match.ok ? match.target : undefined;
}
