/** How many levels the walk recurses before it continues on an explicit stack. */
const RECURSION_LEVELS = 200;

const FINE = 0;
const TOO_DEEP = 1;
const OUT_OF_RANGE = 2;
type Verdict = typeof FINE | typeof TOO_DEEP | typeof OUT_OF_RANGE;

/** What {@link screenEvent} found first: nothing, nesting past the limit, or a number out of range. */
export type EventScreen = 'fine' | 'too_deep' | 'number_out_of_range';
const screens: readonly EventScreen[] = ['fine', 'too_deep', 'number_out_of_range'];

/**
 * Tells whether a JSON value nests deeper than `limit` (a scalar has depth 0, `{}` and `[]` depth 1), stopping as
 * soon as the limit is passed. The common, shallow case recurses; below RECURSION_LEVELS the
 * walk goes on with an explicit stack, so a 100,000-level document cannot overflow the call stack.
 */
export function measureDepth(value: unknown, limit: number): boolean {
  return walk(value, 0, limit, RECURSION_LEVELS, false) === TOO_DEEP;
}

/**
 * The one walk an event gets before validation: whether it nests deeper than `limit` (as {@link measureDepth})
 * or holds a number `JSON.parse` read as ±Infinity (`1e400`), whichever the walk meets first. A number costs one
 * comparison more than the depth walk alone; `findOutOfRangeNumbers` names the pointers when one is found.
 */
export function screenEvent(value: unknown, limit: number): EventScreen {
  return screens[walk(value, 0, limit, RECURSION_LEVELS, true)]!;
}

const outOfRange = (value: unknown) => typeof value === 'number' && value - value !== 0;

/** Whether `node`, found at `depth`, reaches deeper than `limit` (or, with `numbers`, holds ±Infinity). */
function walk(node: unknown, depth: number, limit: number, levels: number, numbers: boolean): Verdict {
  if (node === null || typeof node !== 'object') return numbers && outOfRange(node) ? OUT_OF_RANGE : FINE;
  if (depth + 1 > limit) return TOO_DEEP;
  if (levels === 0) return walkIteratively(node, depth, limit, numbers);
  // Object.values is the quickest walk of a parsed object's own members (`__proto__` included)
  const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child !== null && typeof child === 'object') {
      const verdict = walk(child, depth + 1, limit, levels - 1, numbers);
      if (verdict !== FINE) return verdict;
    } else if (numbers && outOfRange(child)) {
      return OUT_OF_RANGE;
    }
  }
  return FINE;
}

function walkIteratively(value: object, startDepth: number, limit: number, numbers: boolean): Verdict {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: startDepth }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') {
      if (numbers && outOfRange(node)) return OUT_OF_RANGE;
      continue;
    }
    const nodeDepth = depth + 1;
    if (nodeDepth > limit) return TOO_DEEP;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: nodeDepth });
      else if (numbers && outOfRange(child)) return OUT_OF_RANGE;
    }
  }
  return FINE;
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
