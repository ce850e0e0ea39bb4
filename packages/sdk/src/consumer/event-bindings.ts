import type { ValidationIssue } from '../validator/event-validator.ts';

/** The fields that route an event to a schema: EventBridge `source` + `detail-type`, or CloudEvents `type`. */
export interface RouteKeys {
  readonly source?: string;
  readonly detailType?: string;
  readonly cloudEventType?: string;
}

/** One schema's generated binding (the shape of an entry of the generated `schemaBindings`). */
export interface EventBinding<Event> {
  readonly registry: string;
  readonly name: string;
  readonly version: number | string;
  readonly fingerprint: string;
  readonly route: RouteKeys;
  is(event: unknown): event is Event;
  check(event: unknown): ValidationIssue[];
}

/** Generated `schemaBindings`: schema name -> binding, typed by the generated `SchemaTypes`. */
export type EventBindings<Types> = { readonly [Name in keyof Types]: EventBinding<Types[Name]> };

/**
 * The binding an event routes to, the way the registry routes: an EventBridge envelope by `source` and
 * `detail-type`, else a CloudEvent by `type`. Undefined when no binding claims the event.
 */
export function findBinding<Types>(
  bindings: EventBindings<Types>,
  event: unknown,
): { name: keyof Types & string; binding: EventBinding<Types[keyof Types]> } | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  const fields = event as Record<string, unknown>;
  const entries = Object.entries(bindings) as Array<[keyof Types & string, EventBinding<Types[keyof Types]>]>;
  const detailType = fields['detail-type'];
  if (typeof detailType === 'string' && typeof fields.source === 'string') {
    const source = fields.source;
    const match =
      entries.find(([, b]) => b.route.detailType === detailType && b.route.source === source) ??
      entries.find(([, b]) => b.route.detailType === detailType && b.route.source === undefined);
    return match ? { name: match[0], binding: match[1] } : undefined;
  }
  const type = fields.type;
  if (typeof type === 'string') {
    const match = entries.find(([, b]) => b.route.cloudEventType === type);
    return match ? { name: match[0], binding: match[1] } : undefined;
  }
  return undefined;
}
