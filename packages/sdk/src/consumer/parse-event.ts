import { outOfRangeResult, refusalResult, versionStatePolicy } from '@schemagate/core';
import type { ValidationIssue } from '../validator/event-validator.ts';
import { type EventBindings, routeBinding } from './event-bindings.ts';

/** An event that matched its schema, typed by the schema it routed to (narrow on `schema`). */
export type ParsedEvent<Types> = {
  [Name in keyof Types & string]: { ok: true; schema: Name; version: number | string; event: Types[Name] };
}[keyof Types & string];

/**
 * Why an event was refused; `errors` is empty unless the event reached a schema and failed it (`invalid`), or
 * reached a disabled version (`disabled`: one issue, keyword `version_disabled`, as the registry answers), or holds
 * numbers JSON cannot write back (`malformed`: one issue per ±Infinity or NaN, keyword `number_out_of_range`, as
 * the registry refuses them).
 */
export interface EventRejection {
  ok: false;
  reason: 'malformed' | 'unrouted' | 'disabled' | 'invalid';
  message: string;
  schema?: string;
  version?: number | string;
  errors: ValidationIssue[];
}

/**
 * Parses a raw message (JSON text, bytes, or an already parsed object) into the typed event of the
 * schema it routes to, or a rejection saying why not.
 *
 * @example
 * import { schemaBindings } from './generated/index.ts';
 * const parsed = parseEvent(record.body, schemaBindings);
 * if (parsed.ok && parsed.schema === 'com.shop.orders@OrderPlaced') ship(parsed.event.detail);
 */
export function parseEvent<Types>(
  raw: unknown,
  bindings: EventBindings<Types>,
): ParsedEvent<Types> | EventRejection {
  let event: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    try {
      event = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: 'malformed', message: `not JSON: ${message}`, errors: [] };
    }
  }
  // `1e400` parses to Infinity: the registry refuses such an event before routing it, and so does this
  const outOfRange = outOfRangeResult(event);
  if (outOfRange) {
    const at = outOfRange.errors.map((issue) => issue.path || '/').join(', ');
    return {
      ok: false,
      reason: 'malformed',
      message: `holds a number beyond what a 64-bit float holds (about ±1.8e308) at ${at}`,
      errors: outOfRange.errors,
    };
  }
  const match = routeBinding(bindings, event);
  if (!match.ok) return { ok: false, reason: 'unrouted', message: match.refusal.detail, errors: [] };
  const { name, binding } = match.target;
  const { refusal } = versionStatePolicy({ ...binding, state: binding.state ?? 'active' });
  if (refusal) {
    const { errors } = refusalResult(refusal);
    return {
      ok: false,
      reason: 'disabled',
      message: refusal.detail,
      schema: name,
      version: binding.version,
      errors,
    };
  }
  if (binding.is(event))
    return { ok: true, schema: name, version: binding.version, event } as ParsedEvent<Types>;
  const errors = binding.check(event);
  return {
    ok: false,
    reason: 'invalid',
    message: `does not match ${binding.registry}/${binding.name} v${binding.version}`,
    schema: binding.name,
    version: binding.version,
    errors,
  };
}

/** {@link parseEvent} bound to one set of generated bindings. */
export function createEventParser<Types>(
  bindings: EventBindings<Types>,
): (raw: unknown) => ParsedEvent<Types> | EventRejection {
  return (raw) => parseEvent(raw, bindings);
}
