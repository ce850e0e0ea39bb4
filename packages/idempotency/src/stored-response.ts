import type { StoredResponse } from './store/types.ts';

/**
 * The response headers a replay repeats: those that describe the representation or point at what was created.
 * Per-answer headers (date, content-length, rate-limit fields, set-cookie) are not part of "the same answer".
 */
export const REPLAYED_HEADERS: readonly string[] = [
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
  'content-disposition',
  'location',
  'etag',
  'last-modified',
  'link',
  'cache-control',
  'vary',
];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes body bytes so that they come back identical: as text when they are UTF-8, else as base64. */
export function encodeBody(bytes: Uint8Array): Pick<StoredResponse, 'body' | 'bodyEncoding'> {
  try {
    return { body: strictUtf8.decode(bytes), bodyEncoding: 'utf8' };
  } catch {
    return { body: Buffer.from(bytes).toString('base64'), bodyEncoding: 'base64' };
  }
}

export function decodeBody(stored: StoredResponse): Uint8Array {
  return stored.bodyEncoding === 'base64'
    ? new Uint8Array(Buffer.from(stored.body, 'base64'))
    : new TextEncoder().encode(stored.body);
}

/** What of `response` is kept: its status, the headers in `names`, and its body's bytes (read from a clone). */
export async function toStoredResponse(
  response: Response,
  names: readonly string[] = REPLAYED_HEADERS,
): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const bytes = new Uint8Array(await response.clone().arrayBuffer());
  return { status: response.status, headers, ...encodeBody(bytes) };
}

/** The stored answer as a new Response, marked `Idempotency-Replayed: true`. */
export function replayResponse(stored: StoredResponse): Response {
  // statuses that forbid a body (204, 304) were stored with an empty one
  const bytes = decodeBody(stored);
  return new Response(bytes.length > 0 ? bytes : null, {
    status: stored.status,
    headers: { ...stored.headers, 'idempotency-replayed': 'true' },
  });
}
