/** The longest key accepted: keys are stored, and a client has no need of more to be unique. */
export const MAX_KEY_LENGTH = 255;

export type ParsedKey = { ok: true; key: string } | { ok: false; problem: string };

// RFC 8941 parameters after the item: `;key` or `;key=bare-item`; this draft defines none, so they are ignored
const parameter =
  /^;[ ]*[a-z*][a-z0-9_\-.*]*(=(-?\d{1,15}(\.\d{1,3})?|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"|[A-Za-z*][\x21\x23-\x27\x2a\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*|:[A-Za-z0-9+/=]*:|\?[01]))?/;

const example = 'send it quoted, e.g. Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"';

/**
 * Reads an `Idempotency-Key` field value as draft-ietf-httpapi-idempotency-key-header-07 defines it: an RFC 8941
 * String item (`"..."`, printable ASCII, `\"` and `\\` escaped), parameters allowed and ignored. Anything else is
 * refused with a sentence that says what is wrong, since a key read loosely would make two requests one.
 */
export function parseIdempotencyKey(value: string): ParsedKey {
  const field = value.replace(/^ +| +$/g, '');
  if (field === '') return { ok: false, problem: `The Idempotency-Key header is empty; ${example}` };
  if (field[0] !== '"') {
    return { ok: false, problem: `The Idempotency-Key header must be a Structured Field string; ${example}` };
  }
  let key = '';
  let i = 1;
  for (; i < field.length; i++) {
    const char = field[i]!;
    if (char === '\\') {
      const next = field[i + 1];
      if (next !== '"' && next !== '\\') {
        return {
          ok: false,
          problem: 'The Idempotency-Key string has a backslash that escapes neither `"` nor `\\`',
        };
      }
      key += next;
      i++;
      continue;
    }
    if (char === '"') break;
    const code = char.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) {
      return {
        ok: false,
        problem: `The Idempotency-Key string holds a character outside printable ASCII (U+${code.toString(16).toUpperCase().padStart(4, '0')})`,
      };
    }
    key += char;
  }
  if (i >= field.length) return { ok: false, problem: 'The Idempotency-Key string has no closing quote' };
  let rest = field.slice(i + 1);
  while (rest.startsWith(';')) {
    const match = parameter.exec(rest);
    if (!match)
      return { ok: false, problem: `The Idempotency-Key header has a malformed parameter: ${rest}` };
    rest = rest.slice(match[0].length);
  }
  if (rest.replace(/^ +/, '').startsWith(',')) {
    return { ok: false, problem: 'The Idempotency-Key header was sent more than once; send one key' };
  }
  if (rest !== '') {
    return { ok: false, problem: `The Idempotency-Key header has text after its string: ${rest}` };
  }
  if (key === '') return { ok: false, problem: 'The Idempotency-Key string is empty' };
  if (key.length > MAX_KEY_LENGTH) {
    return {
      ok: false,
      problem: `The Idempotency-Key is ${key.length} characters long; at most ${MAX_KEY_LENGTH} are accepted`,
    };
  }
  return { ok: true, key };
}

/** The field value for `key` (the SDK sends keys through this): quoted, with `"` and `\` escaped. */
export function formatIdempotencyKey(key: string): string {
  if (!/^[\x20-\x7e]*$/.test(key)) {
    throw new TypeError('An Idempotency-Key holds printable ASCII only (RFC 8941 String)');
  }
  return `"${key.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}
