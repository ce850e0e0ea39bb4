import { fullJitterDelay } from '@schemagate/core';

/** How the client waits between attempts after a 429 or 503. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 3). 0 disables retrying. */
  retries: number;
  /** First backoff step in ms when the server gives no `Retry-After` (default 200). */
  baseDelayMs: number;
  /** Longest wait in ms; a `Retry-After` above it ends the retries at once (default 30 000). */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 30_000 };

/** Statuses that mean "not processed, come back later". */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 503]);

/**
 * Reads `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3) and returns milliseconds to wait,
 * or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP dates in all three RFC 9110 forms start with a day name; Date.parse alone accepts "1.5" or "-5".
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Core's full-jitter backoff for the client's policy: many clients rejected at once do not come back at once. */
export function jitteredBackoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  return fullJitterDelay(attempt, { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs, random });
}
