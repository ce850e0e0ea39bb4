import { escapePointerToken } from './json-pointer.ts';

/**
 * Values that `JSON.parse` hands over but that cannot be kept as they were written:
 *
 * - `number_out_of_range`: a number literal past what a 64-bit float holds (`1e400`, `-1e309`). `JSON.parse`
 *   reads it as ±Infinity and `JSON.stringify` writes that back as `null`, so a stored copy would mean something
 *   else than the copy in memory;
 * - `unstorable_text`: a string or member name holding NUL (U+0000), which Postgres refuses in `text` and `jsonb`,
 *   or a lone surrogate (half of a UTF-16 pair), which is not valid Unicode and has no UTF-8 form.
 */
export type UnstorableCode = 'number_out_of_range' | 'unstorable_text';

/** One value, or member name, of a JSON document that cannot be kept as written. */
export interface UnstorableValue {
  /** JSON Pointer to the value; for a member name at fault, to that member. */
  path: string;
  code: UnstorableCode;
  message: string;
}

/** How many findings a search reports before it stops: enough to fix a document, bounded for a hostile one. */
export const MAX_UNSTORABLE_FINDINGS = 20;

/** Whether `value` is a number JSON cannot write back: ±Infinity (what `JSON.parse` makes of `1e400`) or NaN. */
export const isOutOfRangeNumber = (value: unknown): boolean =>
  typeof value === 'number' && value - value !== 0;

const outOfRange = (value: number) =>
  `the number is beyond what a 64-bit float holds (about ±1.8e308): it reads as ${value} and would be written back as null`;

const maybeUnstorable = /[\0\ud800-\udfff]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `text` cannot be stored (NUL, or a surrogate that is not part of a pair), or `undefined` when it can.
 * Most text is judged by one native regular-expression test.
 */
export function unstorableTextReason(text: string): string | undefined {
  if (!maybeUnstorable.test(text)) return undefined;
  const nul = text.indexOf('\0');
  const lone = loneSurrogate.exec(text);
  if (nul === -1 && !lone) return undefined;
  if (lone && (nul === -1 || lone.index < nul)) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `holds a lone surrogate (U+${unit}) at offset ${lone.index}: it is not part of a pair, so it is not valid Unicode and cannot be stored`;
  }
  return `holds NUL (U+0000) at offset ${nul}, which cannot be stored`;
}

/** Whether `text` can be stored as it is: no NUL, no lone surrogate. */
export const isStorableText = (text: string): boolean => unstorableTextReason(text) === undefined;

interface Search {
  numbers: boolean;
  text: boolean;
  max: number;
}

/** A value on the walk's stack: where it hangs, so its pointer is built only when something is found there. */
interface Frame {
  node: unknown;
  parent: Frame | undefined;
  token: string;
  /** Set for an object member, whose name is judged too. */
  name: boolean;
}

function pointerOf(frame: Frame): string {
  const tokens: string[] = [];
  for (let at: Frame | undefined = frame; at?.parent; at = at.parent)
    tokens.push(escapePointerToken(at.token));
  return tokens.length === 0 ? '' : `/${tokens.reverse().join('/')}`;
}

/** Walks a parsed JSON value in document order with an explicit stack (no depth limit applies). */
function search(value: unknown, options: Search): UnstorableValue[] {
  const found: UnstorableValue[] = [];
  const stack: Frame[] = [{ node: value, parent: undefined, token: '', name: false }];
  while (stack.length > 0 && found.length < options.max) {
    const frame = stack.pop()!;
    const { node } = frame;
    // a member's name is judged when the member is reached, so findings come in document order
    if (options.text && frame.name) {
      const reason = unstorableTextReason(frame.token);
      if (reason) {
        found.push({ path: pointerOf(frame), code: 'unstorable_text', message: `the member name ${reason}` });
      }
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        stack.push({ node: node[i], parent: frame, token: String(i), name: false });
      }
    } else if (node !== null && typeof node === 'object') {
      // keys are read, never assigned: `__proto__` is data here
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ node: (node as Record<string, unknown>)[key], parent: frame, token: key, name: true });
      }
    } else if (options.numbers && isOutOfRangeNumber(node)) {
      found.push({
        path: pointerOf(frame),
        code: 'number_out_of_range',
        message: outOfRange(node as number),
      });
    } else if (options.text && typeof node === 'string') {
      const reason = unstorableTextReason(node);
      if (reason)
        found.push({ path: pointerOf(frame), code: 'unstorable_text', message: `the text ${reason}` });
    }
  }
  return found.slice(0, options.max);
}

/**
 * Every number in a parsed JSON value that `JSON.parse` read as ±Infinity, as JSON Pointers (at most `max`).
 * @example findOutOfRangeNumbers(JSON.parse('{"maximum": 1e400}')) // [{ path: '/maximum', code: 'number_out_of_range', … }]
 */
export function findOutOfRangeNumbers(value: unknown, max = MAX_UNSTORABLE_FINDINGS): UnstorableValue[] {
  return search(value, { numbers: true, text: false, max });
}

/** Every string and member name in a parsed JSON value that cannot be stored (see {@link unstorableTextReason}). */
export function findUnstorableText(value: unknown, max = MAX_UNSTORABLE_FINDINGS): UnstorableValue[] {
  return search(value, { numbers: false, text: true, max });
}

/**
 * Both searches in one walk: what in a parsed JSON value storage cannot keep as written, in document order.
 * Registration refuses a document with any.
 */
export function findUnstorableValues(value: unknown, max = MAX_UNSTORABLE_FINDINGS): UnstorableValue[] {
  return search(value, { numbers: true, text: true, max });
}

/**
 * What a document holding `found` is refused for: numbers out of range first, as they would change its meaning,
 * then text that cannot be stored; with the findings of that kind.
 */
export function unstorableRefusal(found: readonly UnstorableValue[]): {
  code: UnstorableCode;
  values: UnstorableValue[];
} {
  const code = found.some((f) => f.code === 'number_out_of_range')
    ? 'number_out_of_range'
    : 'unstorable_text';
  return { code, values: found.filter((f) => f.code === code) };
}

// A literal reaches 1.8e308 only with a positive exponent of three digits or more, or with at least
// 309 - 99 = 210 digits before its decimal point (a two-digit exponent adds at most 99).
const THREE_DIGIT_EXPONENT = /\d[eE]\+?\d{3}/;
const NUMBER_WITH_THREE_DIGIT_EXPONENT = /(?:^|[:,[\s])-?\d+(?:\.\d+)?[eE]\+?\d{3}/;
const LONG_DIGIT_RUN = 210;

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Whether `text` holds a run of at least `length` digits. Only every `length`-th character is read: any such run
 * covers one of them, and a digit found there is measured both ways, so ordinary text costs a few reads.
 */
function holdsDigitRun(text: string, length: number): boolean {
  for (let at = length - 1; at < text.length; at += length) {
    if (!isDigit(text.charCodeAt(at))) continue;
    let start = at;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= length) return true;
  }
  return false;
}

/**
 * Tells, from JSON text alone, that nothing it parses to is out of range. `true` means only that the text cannot
 * tell; {@link findOutOfRangeNumbers} (or a walk that checks numbers) then looks at the parsed value. A usual event
 * is judged by one native regular-expression test and a few character reads, with no walk.
 */
export function textMayHoldOutOfRangeNumber(text: string): boolean {
  if (THREE_DIGIT_EXPONENT.test(text) && NUMBER_WITH_THREE_DIGIT_EXPONENT.test(text)) return true;
  return holdsDigitRun(text, LONG_DIGIT_RUN);
}
