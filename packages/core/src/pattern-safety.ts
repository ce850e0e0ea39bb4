/**
 * A static check that a JavaScript regular expression cannot backtrack catastrophically, used only for the few
 * patterns RE2 cannot express (lookahead, backreferences), which must then run on the backtracking native engine.
 *
 * The rule is deliberately conservative; a pattern passes only when
 * - no quantifier applies to a group that itself contains a quantifier or an alternation (`(a+)+`, `(a|ab)*`), and
 * - it has at most one unbounded quantifier (`*`, `+`, `{n,}`), and a pattern with one starts with `^` and has no
 *   top-level alternation, so the engine tries a single start position and the match stays linear.
 */
export function isBacktrackingSafe(pattern: string): boolean {
  interface Group {
    hasQuantifier: boolean;
    hasAlternation: boolean;
  }
  const groups: Group[] = [{ hasQuantifier: false, hasAlternation: false }];
  let unbounded = 0;
  let lastClosedGroup: Group | undefined;
  let index = 0;
  const current = () => groups[groups.length - 1]!;
  const quantify = (isUnbounded: boolean) => {
    if (isUnbounded) unbounded += 1;
    if (lastClosedGroup && (lastClosedGroup.hasQuantifier || lastClosedGroup.hasAlternation)) return false;
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
      groups.push({ hasQuantifier: false, hasAlternation: false });
      index += 1;
    } else if (char === ')') {
      if (groups.length > 1) closedGroup = groups.pop();
      index += 1;
    } else if (char === '|') {
      current().hasAlternation = true;
      index += 1;
    } else if (char === '*' || char === '+' || char === '?') {
      if (!quantify(char !== '?')) return false;
      index += pattern[index + 1] === '?' ? 2 : 1;
    } else if (char === '{') {
      const bound = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
      if (bound) {
        if (!quantify(bound[2] !== undefined && bound[3] === '')) return false;
        index += bound[0].length;
        if (pattern[index] === '?') index += 1;
      } else {
        index += 1;
      }
    } else {
      index += 1;
    }
    lastClosedGroup = closedGroup;
  }
  if (unbounded === 0) return true;
  return unbounded === 1 && pattern.startsWith('^') && !groups[0]!.hasAlternation;
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
