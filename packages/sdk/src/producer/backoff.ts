/** Exponential backoff with full jitter: a uniform delay in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
export function fullJitterDelay(
  attempt: number,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/** The default `sleep`: a timer. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
