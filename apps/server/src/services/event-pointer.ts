import { pointerTokens } from '@schemagate/core';

/**
 * The idempotency key a registry's pointer names in an event: the string (or number, as its JSON text) found
 * there; undefined when the pointer leads nowhere or to anything else (an object, a boolean, null), which is no
 * key. An array is indexed by a decimal token without leading zeros, as RFC 6901 says.
 *
 * @example
 * keyAtPointer({ id: 'e-1', detail: {} }, '/id'); // 'e-1'
 */
export function keyAtPointer(event: unknown, pointer: string): string | undefined {
  let at: unknown = event;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(at)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      at = at[Number(token)];
    } else if (typeof at === 'object' && at !== null && Object.hasOwn(at, token)) {
      at = (at as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  if (typeof at === 'string') return at;
  if (typeof at === 'number' && Number.isFinite(at)) return String(at);
  return undefined;
}
