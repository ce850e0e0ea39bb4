/**
 * Tells whether a JSON value nests deeper than `limit` (a scalar has depth 0, `{}` and `[]` depth 1).
 * Walks with an explicit stack, so a 100,000-level document cannot overflow the call stack, and stops as soon as
 * the limit is passed.
 */
export function measureDepth(value: unknown, limit: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const nodeDepth = depth + 1;
    if (nodeDepth > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: nodeDepth });
    }
  }
  return false;
}
