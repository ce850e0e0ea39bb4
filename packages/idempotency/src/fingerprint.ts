import { createHash } from 'node:crypto';

/**
 * The digest the store compares to tell "the same request again" from "another request under the same key":
 * sha256 over the method, the path with its query, and the body's bytes exactly as sent.
 */
export function requestFingerprint(method: string, pathAndQuery: string, body: Uint8Array): string {
  return createHash('sha256')
    .update(method.toUpperCase())
    .update('\0')
    .update(pathAndQuery)
    .update('\0')
    .update(body)
    .digest('hex');
}
