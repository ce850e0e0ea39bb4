/**
 * Packs items, in order, into batches of at most `maxEntries` items and `maxBytes` total size.
 * Order is kept so a retry of the same items yields the same batches; an item larger than `maxBytes`
 * on its own must be filtered out by the caller first.
 */
export function planBatches<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: { maxEntries: number; maxBytes: number },
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (
      current.length > 0 &&
      (current.length >= limits.maxEntries || currentBytes + size > limits.maxBytes)
    ) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
