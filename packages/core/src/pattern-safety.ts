/** Most backtracking paths per start position that a pattern may have and still count as safe. */
export const MAX_BACKTRACKING_PATHS = 1024;

interface Group {
  hasQuantifier: boolean;
  alternatives: number;
}

/**
 * A static check that a JavaScript regular expression cannot backtrack catastrophically, so it may run on the
 * backtracking native engine; every other pattern runs on re2js (linear time) or is refused.
 *
 * The rule is deliberately conservative. A pattern passes only when
 * - no quantifier applies to a group that itself contains a quantifier or an alternation (`(a+)+`, `(a|ab)*`);
 * - the bounded choices it offers per start position (each `?`, `{n,m}` contributes m-n+1 ways, each alternation
 *   its number of branches) multiply to at most {@link MAX_BACKTRACKING_PATHS}; and
 * - it has no unbounded quantifier (`*`, `+`, `{n,}`), or exactly one and it starts with `^` with no top-level
 *   alternation, so a single start position is tried and the work stays linear in the input.
 */
export function isBacktrackingSafe(pattern: string): boolean {
  const groups: Group[] = [{ hasQuantifier: false, alternatives: 1 }];
  let unbounded = 0;
  let paths = 1;
  let lastClosedGroup: Group | undefined;
  let index = 0;
  // Records a quantifier; false when it repeats a group that could itself match in several ways.
  const quantify = (ways: number) => {
    if (lastClosedGroup && (lastClosedGroup.hasQuantifier || lastClosedGroup.alternatives > 1)) return false;
    if (ways === Number.POSITIVE_INFINITY) unbounded += 1;
    else paths *= ways;
    for (const group of groups) group.hasQuantifier = true;
    return true;
  };
  while (index < pattern.length) {
    const char = pattern[index]!;
    let closedGroup: Group | undefined;
    if (char === '\\') {
      index += 2;
    } else if (char === '[') {
      index = skipCharacterClass(pattern, index);
    } else if (char === '(') {
      groups.push({ hasQuantifier: false, alternatives: 1 });
      index += 1;
    } else if (char === ')') {
      if (groups.length > 1) {
        closedGroup = groups.pop()!;
        paths *= closedGroup.alternatives;
      }
      index += 1;
    } else if (char === '|') {
      groups[groups.length - 1]!.alternatives += 1;
      index += 1;
    } else if (char === '*' || char === '+' || char === '?') {
      if (!quantify(char === '?' ? 2 : Number.POSITIVE_INFINITY)) return false;
      index += pattern[index + 1] === '?' ? 2 : 1;
    } else if (char === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(index))) {
      const [bound, min, comma, max] = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index))!;
      const ways =
        comma === undefined ? 1 : max === '' ? Number.POSITIVE_INFINITY : Number(max) - Number(min) + 1;
      if (!quantify(ways)) return false;
      index += bound.length + (pattern[index + bound.length] === '?' ? 1 : 0);
    } else {
      index += 1;
    }
    lastClosedGroup = closedGroup;
  }
  paths *= groups[0]!.alternatives;
  if (paths > MAX_BACKTRACKING_PATHS) return false;
  if (unbounded === 0) return true;
  return unbounded === 1 && pattern.startsWith('^') && groups[0]!.alternatives === 1;
}

function skipCharacterClass(pattern: string, start: number): number {
  let index = start + 1;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '\\') index += 2;
    else if (char === ']') return index + 1;
    else index += 1;
  }
  return index;
}
