import { createHash } from 'node:crypto';

/**
 * Serialises a JSON value with object keys sorted by code unit, so two documents that differ only in key order
 * give the same text. Keys are only read, never assigned, so `__proto__` or `constructor` keys are kept as data.
 * Values JSON cannot hold follow `JSON.stringify`: `undefined` properties are left out, non-finite numbers
 * become `null`.
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  writeCanonical(value, out);
  return out.join('');
}

function writeCanonical(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, index) => {
      if (index > 0) out.push(',');
      writeCanonical(item === undefined ? null : item, out);
    });
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
    .sort();
  out.push('{');
  keys.forEach((key, index) => {
    if (index > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    writeCanonical(record[key], out);
  });
  out.push('}');
}

/**
 * The content fingerprint of a JSON value: the lowercase hex SHA-256 of its {@link canonicalJson}.
 * Re-registering the same content in another key order yields the same fingerprint.
 */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
