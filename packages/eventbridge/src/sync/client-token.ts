import { createHash } from 'node:crypto';

/**
 * The UpdateSchema ClientTokenId for one local version: a UUID-shaped digest of registry, schema
 * name and content fingerprint, so every retry or resumed run of the same push sends the same token
 * (EventBridge caps the token at 36 characters).
 */
export function clientTokenFor(registry: string, name: string, fingerprint: string): string {
  const hex = createHash('sha256').update(`${registry}\u0000${name}\u0000${fingerprint}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
