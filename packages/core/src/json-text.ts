/**
 * Pieces of JSON text as their writer wrote them: the events inside a request body, which the gate stores, and
 * a member of an event, which the forwarder sends (an EventBridge event's `detail`). Keeping the text rather than
 * a re-serialisation keeps numbers' digits (an id of 2^64 stays exact) and the order of members. The text has
 * been through `JSON.parse` already, so the scanner only finds where values end.
 */

interface Span {
  start: number;
  end: number;
}

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Where the string starting at `at` (its opening quote) ends, past its closing quote. */
function stringEnd(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Where the value starting at `at` ends. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 0x22) return stringEnd(text, at);
  if (first !== 0x7b && first !== 0x5b) {
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

/** The span of the last member named `name` of the object at `at` (JSON.parse keeps the last of duplicates). */
function memberSpan(text: string, at: number, name: string): Span | undefined {
  let found: Span | undefined;
  let i = skipSpace(text, at + 1);
  while (i < text.length && text.charCodeAt(i) === 0x22) {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, start);
    if (key === name) found = { start, end };
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return found;
}

/** The spans of the items of the array at `at`. */
function itemSpans(text: string, at: number): Span[] {
  const items: Span[] = [];
  let i = skipSpace(text, at + 1);
  while (i < text.length && text.charCodeAt(i) !== 0x5d) {
    const end = valueEnd(text, i);
    items.push({ start: i, end });
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return items;
}

const slice = (text: string, span: Span | undefined) => (span ? text.slice(span.start, span.end) : undefined);

/**
 * The text of the member `name` of the JSON object `text` (the last one, as JSON.parse keeps); undefined when
 * `text` is not an object or has no such member.
 */
export function memberText(text: string, name: string): string | undefined {
  const at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== 0x7b) return undefined;
  return slice(text, memberSpan(text, at, name));
}

/** The text of `event` in a body `{"event": ..., ...}`; undefined when the body is not such an object. */
export const eventText = (body: string): string | undefined => memberText(body, 'event');

/** The text of each entry's `event` in a body `{"events": [{"event": ...}, ...]}`, in order. */
export function batchEventTexts(body: string): (string | undefined)[] {
  const at = skipSpace(body, 0);
  if (body.charCodeAt(at) !== 0x7b) return [];
  const events = memberSpan(body, at, 'events');
  if (!events || body.charCodeAt(events.start) !== 0x5b) return [];
  return itemSpans(body, events.start).map((item) =>
    body.charCodeAt(item.start) === 0x7b ? slice(body, memberSpan(body, item.start, 'event')) : undefined,
  );
}
