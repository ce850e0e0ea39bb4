/**
 * Exponential backoff with full jitter (AWS's "Exponential Backoff And Jitter"): a uniform delay in
 * [0, min(maxDelayMs, baseDelayMs * 2^retry)), `retry` counting from 0 for the first retry. Spreading the whole
 * window keeps many clients that failed together from retrying together.
 */
export function fullJitterDelay(
  retry: number,
  policy: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  // 2^retry overflows to Infinity past ~1000 retries; min() still caps it
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry));
  return Math.floor(policy.random() * window);
}
