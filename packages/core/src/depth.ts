/** How many levels the walk recurses before it continues on an explicit stack. */
const RECURSION_LEVELS = 200;

/**
 * Tells whether a JSON value nests deeper than `limit` (a scalar has depth 0, `{}` and `[]` depth 1), stopping as
 * soon as the limit is passed. The common, shallow case recurses; below RECURSION_LEVELS the
 * walk goes on with an explicit stack, so a 100,000-level document cannot overflow the call stack.
 */
export function measureDepth(value: unknown, limit: number): boolean {
  return exceeds(value, 0, limit, RECURSION_LEVELS);
}

/** Whether `node`, found at `depth`, reaches deeper than `limit`. */
function exceeds(node: unknown, depth: number, limit: number, levels: number): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (depth + 1 > limit) return true;
  if (levels === 0) return exceedsIteratively(node, depth, limit);
  // Object.values is the quickest walk of a parsed object's own members (`__proto__` included)
  const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child !== null && typeof child === 'object' && exceeds(child, depth + 1, limit, levels - 1))
      return true;
  }
  return false;
}

function exceedsIteratively(value: object, startDepth: number, limit: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: startDepth }];
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

/**
 * Tells, from JSON text alone, that the value it parses to cannot nest deeper than `limit`: every level opens with
 * a `{` or a `[`, so a text holding at most `limit` of them (inside strings or not) is shallow enough. `false`
 * means only that the text cannot tell; {@link measureDepth} then walks the parsed value. Each bracket costs one
 * native `indexOf`, so a usual event is judged in a few dozen calls, with no walk over what it parsed to.
 */
export function textNestsAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1))
    if (++count > limit) return false;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1))
    if (++count > limit) return false;
  return true;
}
