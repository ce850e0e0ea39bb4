/**
 * A proof, by counting, that a backtracking engine matches a pattern in linear time, for patterns that neither
 * re2js (no lookaheads) nor the syntactic rule can take, such as
 * `^(?!org\.bukkit\.)([a-zA-Z_$][a-zA-Z\d_$]*\.)*[a-zA-Z_$][a-zA-Z\d_$]*$`.
 *
 * A backtracking engine walks, depth first, every path of the pattern's automaton that the input allows, until one
 * reaches the end. Its work is the number of such paths, summed over the input's prefixes. We build the automaton
 * (Thompson's construction, one state per character atom, quantifiers unrolled as the engine counts them) and
 * explore, over the alphabet split into the ranges the pattern distinguishes, every reachable vector of "how many
 * paths are in each state after this prefix". When that exploration ends and no vector holds more than
 * {@link MAX_PATHS_PER_PREFIX} paths, no input makes the engine keep more than that many paths alive at once, so its
 * work is at most that many times the input's length. Patterns with nested or overlapping repetitions (`(a+)+`,
 * `(a|a)*`, `\d+\d+`) have path counts that grow with the input and are caught when the count passes the limit.
 * Unanchored, the engine starts again at every position, so each character read adds a path (`a+b` on `aaaa` is
 * quadratic and caught the same way). A repetition whose body may match nothing is not modelled (the proof gives up).
 *
 * Assertions (`^`, `$`, `\b`, lookarounds) only remove paths, so the count treats them as passing; each lookaround's
 * own body is proved the same way, and one whose body may read without bound must sit where the engine reaches it
 * a bounded number of times (the top level of an anchored pattern, after parts of bounded length). Backreferences,
 * the `i` and `v` flags and anything the parser does not know make the proof give up: giving up only means the
 * pattern is not proved safe here.
 */

/** The most paths one prefix of the input may keep alive for a pattern to count as linear. */
export const MAX_PATHS_PER_PREFIX = 16;
/** Bounds on the proof's own work, so that it is cheap enough to run on any thread. */
const MAX_STATES = 2_000;
const MAX_VECTORS = 4_000;
const MAX_WORK = 2_000_000;
const MAX_CODE_POINT = 0x10ffff;

class Unprovable extends Error {}

type Range = readonly [number, number];
/** A set of code points as sorted, disjoint, inclusive ranges. */
type CharSet = Range[];

type Lookaround = { type: 'lookaround'; behind: boolean; body: Node };
type Node =
  | { type: 'chars'; set: CharSet }
  | { type: 'sequence'; items: Node[] }
  | { type: 'alternation'; alternatives: Node[] }
  | { type: 'assertion'; kind: '^' | '$' | 'boundary' }
  | Lookaround
  | { type: 'repeat'; body: Node; min: number; max: number };

const ALL: CharSet = [[0, MAX_CODE_POINT]];
const LINE_TERMINATORS: CharSet = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const DIGITS: CharSet = [[0x30, 0x39]];
const WORD: CharSet = normalize([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
const SPACE: CharSet = normalize([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);

function normalize(ranges: Range[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

function complement(set: CharSet): CharSet {
  const result: Range[] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) result.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}

function contains(set: CharSet, codePoint: number): boolean {
  for (const [lo, hi] of set) {
    if (codePoint < lo) return false;
    if (codePoint <= hi) return true;
  }
  return false;
}

/**
 * A character class may be over-approximated (a `\p{...}` property is taken as every character): a larger set only
 * adds paths, so the proof stays sound. Its complement would be smaller than the truth, so `exact` says whether a
 * set may be negated.
 */
interface ClassPart {
  set: CharSet;
  exact: boolean;
}

class Parser {
  index = 0;
  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
    private readonly dotAll: boolean,
  ) {}

  parse(): Node {
    const node = this.disjunction();
    if (this.index < this.source.length) throw new Unprovable();
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.index + offset];
  }

  private disjunction(): Node {
    const alternatives = [this.alternative()];
    while (this.peek() === '|') {
      this.index += 1;
      alternatives.push(this.alternative());
    }
    return alternatives.length === 1 ? alternatives[0]! : { type: 'alternation', alternatives };
  }

  private alternative(): Node {
    const items: Node[] = [];
    while (this.index < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.term());
    }
    return { type: 'sequence', items };
  }

  private term(): Node {
    const char = this.peek()!;
    if (char === '^' || char === '$') {
      this.index += 1;
      return this.refuseQuantifier({ type: 'assertion', kind: char });
    }
    if (char === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.index += 2;
      return this.refuseQuantifier({ type: 'assertion', kind: 'boundary' });
    }
    if (char === '(' && this.peek(1) === '?') {
      const opener = this.source.slice(this.index, this.index + 4);
      const behind = opener.startsWith('(?<=') || opener.startsWith('(?<!');
      if (behind || opener.startsWith('(?=') || opener.startsWith('(?!')) {
        this.index += behind ? 4 : 3;
        const body = this.disjunction();
        this.expect(')');
        return this.refuseQuantifier({ type: 'lookaround', behind, body });
      }
    }
    return this.quantified(this.atom());
  }

  /** A quantified assertion (Annex B allows `(?=a)*`) is rare enough not to model. */
  private refuseQuantifier(node: Node): Node {
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?' || (next === '{' && this.bounds()))
      throw new Unprovable();
    return node;
  }

  private bounds(): RegExpExecArray | null {
    return /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
  }

  private quantified(body: Node): Node {
    const char = this.peek();
    let min: number;
    let max: number;
    if (char === '*' || char === '+' || char === '?') {
      min = char === '+' ? 1 : 0;
      max = char === '?' ? 1 : Number.POSITIVE_INFINITY;
      this.index += 1;
    } else {
      const bounds = char === '{' ? this.bounds() : null;
      if (!bounds) return body;
      const [text, low, comma, high] = bounds;
      min = Number(low);
      max = comma === undefined ? min : high === '' ? Number.POSITIVE_INFINITY : Number(high);
      this.index += text.length;
    }
    // laziness changes which path is tried first, not how many there are
    if (this.peek() === '?') this.index += 1;
    return { type: 'repeat', body, min, max };
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new Unprovable();
    this.index += 1;
  }

  private atom(): Node {
    const char = this.peek()!;
    if (char === '(') {
      this.index += 1;
      if (this.peek() === '?') {
        if (this.peek(1) === ':') this.index += 2;
        else if (this.peek(1) === '<') {
          const close = this.source.indexOf('>', this.index);
          if (close < 0) throw new Unprovable();
          this.index = close + 1;
        } else throw new Unprovable(); // modifiers and anything newer
      }
      const body = this.disjunction();
      this.expect(')');
      return body;
    }
    if (char === '.') {
      this.index += 1;
      return { type: 'chars', set: this.dotAll ? ALL : complement(LINE_TERMINATORS) };
    }
    if (char === '[') return { type: 'chars', set: this.characterClass() };
    if (char === '\\') return { type: 'chars', set: this.escape(false).set };
    if (char === ')' || char === '*' || char === '+' || char === '?') throw new Unprovable();
    return { type: 'chars', set: [this.literal()] };
  }

  private literal(): Range {
    const codePoint = this.source.codePointAt(this.index)!;
    this.index += codePoint > 0xffff ? 2 : 1;
    return [codePoint, codePoint];
  }

  private characterClass(): CharSet {
    this.index += 1;
    const negated = this.peek() === '^';
    if (negated) this.index += 1;
    const ranges: Range[] = [];
    let exact = true;
    while (this.peek() !== ']') {
      if (this.index >= this.source.length) throw new Unprovable();
      const low = this.classAtom();
      exact &&= low.exact;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.index += 1;
        const high = this.classAtom();
        exact &&= high.exact;
        const single = (part: ClassPart) => part.set.length === 1 && part.set[0]![0] === part.set[0]![1];
        if (single(low) && single(high)) {
          ranges.push([low.set[0]![0], high.set[0]![0]]);
          continue;
        }
        // Annex B: `[\d-z]` is the class, a hyphen and the character
        ranges.push(...low.set, [0x2d, 0x2d], ...high.set);
        continue;
      }
      ranges.push(...low.set);
    }
    this.index += 1;
    const set = normalize(ranges);
    if (!negated) return set;
    return exact ? complement(set) : ALL;
  }

  private classAtom(): ClassPart {
    if (this.peek() === '\\') return this.escape(true);
    return { set: [this.literal()], exact: true };
  }

  private escape(inClass: boolean): ClassPart {
    const letter = this.peek(1);
    if (letter === undefined) throw new Unprovable();
    this.index += 2;
    const exact = (set: CharSet): ClassPart => ({ set, exact: true });
    const single = (codePoint: number) => exact([[codePoint, codePoint]]);
    switch (letter) {
      case 'd':
        return exact(DIGITS);
      case 'D':
        return exact(complement(DIGITS));
      case 'w':
        return exact(WORD);
      case 'W':
        return exact(complement(WORD));
      case 's':
        return exact(SPACE);
      case 'S':
        return exact(complement(SPACE));
      case 'n':
        return single(0x0a);
      case 'r':
        return single(0x0d);
      case 't':
        return single(0x09);
      case 'f':
        return single(0x0c);
      case 'v':
        return single(0x0b);
      case 'b':
        if (inClass) return single(0x08);
        throw new Unprovable();
      case 'p':
      case 'P': {
        const close = this.peek() === '{' ? this.source.indexOf('}', this.index) : -1;
        if (!this.unicode || close < 0) throw new Unprovable();
        this.index = close + 1;
        return { set: ALL, exact: false };
      }
      case 'c': {
        const control = this.peek();
        if (control === undefined || !/[a-zA-Z]/.test(control)) throw new Unprovable();
        this.index += 1;
        return single(control.charCodeAt(0) % 32);
      }
      case 'x': {
        const hex = this.source.slice(this.index, this.index + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Unprovable();
        this.index += 2;
        return single(Number.parseInt(hex, 16));
      }
      case 'u': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.source.slice(this.index));
        if (braced && this.unicode) {
          this.index += braced[0].length;
          return single(Number.parseInt(braced[1]!, 16));
        }
        const hex = this.source.slice(this.index, this.index + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Unprovable();
        this.index += 4;
        // a surrogate pair written as two escapes is one character in unicode mode: both halves over-approximate it
        return single(Number.parseInt(hex, 16));
      }
      case '0':
        if (!/[0-9]/.test(this.peek() ?? '')) return single(0);
        throw new Unprovable();
      case 'k':
        throw new Unprovable(); // a named backreference
      default:
        // a backreference (`\1`) matches what a group took: not a character set the count can model
        if (/[1-9]/.test(letter)) throw new Unprovable();
        this.index -= 1;
        return { set: [this.literal()], exact: true };
    }
  }
}

/** An automaton state: one that reads a character of `set`, or one that passes on (`next`, in order) without. */
type State = { set: CharSet; next: number } | { set?: undefined; next: number[] };

class Automaton {
  readonly states: State[] = [{ next: [] }];
  /** The state of a finished match: index 0. */
  readonly accept = 0;
  /** The lookarounds met while building, whose bodies are proved apart. */
  readonly lookarounds: Lookaround[] = [];

  add(state: State): number {
    if (this.states.length >= MAX_STATES) throw new Unprovable();
    this.states.push(state);
    return this.states.length - 1;
  }

  /** Builds `node` so that after it the automaton goes on to `next`, and returns where `node` starts. */
  build(node: Node, next: number): number {
    switch (node.type) {
      case 'chars':
        return this.add({ set: node.set, next });
      case 'sequence': {
        let start = next;
        for (let index = node.items.length - 1; index >= 0; index -= 1)
          start = this.build(node.items[index]!, start);
        return start;
      }
      case 'alternation':
        return this.add({ next: node.alternatives.map((alternative) => this.build(alternative, next)) });
      case 'assertion':
        return next;
      case 'lookaround':
        this.lookarounds.push(node);
        return next;
      case 'repeat': {
        let start = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.add({ next: [] });
          (this.states[loop] as { next: number[] }).next.push(this.build(node.body, loop), next);
          start = loop;
        } else {
          // `x{0,3}` as `(x(x(x)?)?)?`: the engine backtracks a counted loop one count at a time, one path per count
          for (let count = node.min; count < node.max; count += 1) {
            start = this.add({ next: [this.build(node.body, start), next] });
          }
        }
        for (let count = 0; count < node.min; count += 1) start = this.build(node.body, start);
        return start;
      }
    }
  }
}

/** Whether `node` may read an unbounded number of characters. */
function unbounded(node: Node): boolean {
  switch (node.type) {
    case 'chars':
    case 'assertion':
    case 'lookaround':
      return false;
    case 'sequence':
      return node.items.some(unbounded);
    case 'alternation':
      return node.alternatives.some(unbounded);
    case 'repeat':
      return node.max === Number.POSITIVE_INFINITY || unbounded(node.body);
  }
}

/** The body a lookbehind reads backwards, as a pattern read forwards: sequences reversed, all the way down. */
function reversed(node: Node): Node {
  switch (node.type) {
    case 'sequence':
      return { type: 'sequence', items: node.items.map(reversed).reverse() };
    case 'alternation':
      return { type: 'alternation', alternatives: node.alternatives.map(reversed) };
    case 'repeat':
      return { ...node, body: reversed(node.body) };
    default:
      return node;
  }
}

/**
 * The most paths any prefix of the input keeps alive, or Infinity past {@link MAX_PATHS_PER_PREFIX}. `anchored`:
 * matching starts at one position only; else every start position adds a path, as the engine retries from each.
 */
function mostPathsPerPrefix(
  automaton: Automaton,
  start: number,
  anchored: boolean,
  budget: { work: number },
): number {
  const { states } = automaton;
  // where each state leads without reading, as reading states (or accept) with the number of ways to get there
  const closures = new Map<number, Map<number, number>>();
  const onStack = new Set<number>();
  const closure = (state: number): Map<number, number> => {
    const known = closures.get(state);
    if (known) return known;
    if (onStack.has(state)) throw new Unprovable(); // a repetition whose body may match nothing
    onStack.add(state);
    const result = new Map<number, number>();
    const node = states[state]!;
    if (node.set || state === automaton.accept) result.set(state, 1);
    else {
      for (const next of node.next) {
        for (const [target, ways] of closure(next)) result.set(target, (result.get(target) ?? 0) + ways);
      }
    }
    onStack.delete(state);
    closures.set(state, result);
    return result;
  };
  // the alphabet, split where any state's set begins or ends: every state takes all of a piece or none of it
  const cuts = new Set<number>([0]);
  for (const state of states) {
    for (const [lo, hi] of state.set ?? []) {
      cuts.add(lo);
      if (hi < MAX_CODE_POINT) cuts.add(hi + 1);
    }
  }
  const pieces = [...cuts].sort((a, b) => a - b);
  const initial = new Map(closure(start));
  const key = (vector: Map<number, number>) =>
    [...vector]
      .sort((a, b) => a[0] - b[0])
      .map(([state, ways]) => `${state}:${ways}`)
      .join(',');
  const total = (vector: Map<number, number>) => {
    let sum = 0;
    for (const [state, ways] of vector) if (state !== automaton.accept) sum += ways;
    return sum;
  };
  let most = total(initial);
  const seen = new Set<string>([key(initial)]);
  const queue = [initial];
  while (queue.length > 0) {
    const vector = queue.shift()!;
    for (const piece of pieces) {
      const next = new Map<number, number>();
      for (const [state, ways] of vector) {
        const node = states[state]!;
        budget.work -= 1;
        if (!node.set || !contains(node.set, piece)) continue;
        for (const [target, more] of closure(node.next))
          next.set(target, (next.get(target) ?? 0) + ways * more);
      }
      // the engine's next try from the following start position
      if (!anchored) for (const [target, ways] of initial) next.set(target, (next.get(target) ?? 0) + ways);
      next.delete(automaton.accept);
      if (budget.work < 0) throw new Unprovable();
      const paths = total(next);
      if (paths > MAX_PATHS_PER_PREFIX) return Number.POSITIVE_INFINITY;
      most = Math.max(most, paths);
      const id = key(next);
      if (paths === 0 || seen.has(id)) continue;
      if (seen.size >= MAX_VECTORS) throw new Unprovable();
      seen.add(id);
      queue.push(next);
    }
  }
  return most;
}

/** The parts of a top-level sequence before which the engine stands at a bounded number of positions. */
function boundedlyReached(root: Node, anchored: boolean): Set<Node> {
  const reached = new Set<Node>();
  if (!anchored || root.type !== 'sequence') return reached;
  for (const item of root.items) {
    reached.add(item);
    if (unbounded(item)) break;
  }
  return reached;
}

function proveLinear(root: Node, anchored: boolean, budget: { work: number }): boolean {
  const automaton = new Automaton();
  const start = automaton.build(root, automaton.accept);
  if (mostPathsPerPrefix(automaton, start, anchored, budget) > MAX_PATHS_PER_PREFIX) return false;
  const reachedBoundedly = boundedlyReached(root, anchored);
  for (const lookaround of automaton.lookarounds) {
    // reached at every position, a body that may read to the end of the input makes the work quadratic
    if (unbounded(lookaround.body) && !reachedBoundedly.has(lookaround)) return false;
    const body = lookaround.behind ? reversed(lookaround.body) : lookaround.body;
    if (!proveLinear(body, true, budget)) return false;
  }
  return true;
}

/**
 * Whether `pattern` with `flags` is proved to match in time linear in the input on a backtracking engine (see the
 * module's comment). False means "not proved", either because the pattern may backtrack badly or because the proof
 * does not model one of its constructs.
 */
export function isProvablyLinear(pattern: string, flags: string): boolean {
  if (/[^dgmsuy]/.test(flags)) return false; // `i` and `v` change what a character class holds
  const unicode = flags.includes('u');
  // without `u` an astral character is two units the parser would read as one
  if (!unicode && /[\ud800-\udfff]/.test(pattern)) return false;
  try {
    const root = new Parser(pattern, unicode, flags.includes('s')).parse();
    const first = root.type === 'sequence' ? root.items[0] : undefined;
    const anchored = !flags.includes('m') && first?.type === 'assertion' && first.kind === '^';
    return proveLinear(root, anchored, { work: MAX_WORK });
  } catch (error) {
    if (error instanceof Unprovable) return false;
    throw error;
  }
}
