import { fullJitterDelay } from '@schemagate/core';

// one definition of the delay for the sync, the SDK's producer and the forwarder; kept in this module's surface
export { fullJitterDelay };

/** How failed AWS calls are retried: exponential backoff with full jitter. */
export interface RetryPolicy {
  /** Total attempts including the first; 1 means no retry. */
  maxAttempts: number;
  /** Cap of the first backoff window, in ms; window n is `min(maxDelayMs, baseDelayMs * 2^n)`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits; tests pass one that records the delay and returns at once. */
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1); injectable so the jitter is reproducible. */
  random: () => number;
}

/** Defaults close to the AWS SDK's own standard mode, with more attempts since a sync is not latency bound. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'InternalServerErrorException',
  'InternalFailure',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** True for throttling, 5xx and transient network errors; false for everything a retry cannot fix. */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (typeof name === 'string' && RETRYABLE_ERROR_NAMES.has(name)) return true;
  if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return status === 429 || (typeof status === 'number' && status >= 500);
}

/**
 * Runs `call`, retrying it while it fails with a retryable error and attempts remain. The last
 * error is rethrown as is, so callers still see the SDK's exception class.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: unknown, retry: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryableAwsError(error)) throw error;
      const delay = fullJitterDelay(attempt - 1, policy);
      onRetry?.(error, attempt - 1, delay);
      await policy.sleep(delay);
    }
  }
}
