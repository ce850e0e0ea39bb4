import { createRequire } from 'node:module';
import { LruCache } from './lru-cache.ts';

/** Most backtracking paths per start position that a pattern may have and still count as safe. */
export const MAX_BACKTRACKING_PATHS = 1024;

interface Group {
  hasQuantifier: boolean;
  alternatives: number;
  /** The characters one match attempt may take through the group's bounded repetitions, summed. */
  span: number;
}

/** What one left-to-right scan of a pattern finds. */
interface PatternShape {
  /** A quantifier applies to a group that itself holds a quantifier or an alternation (`(a+)+`, `(a|ab)*`). */
  repeatsAmbiguousGroup: boolean;
  /** The bounded choices per start position multiplied: each `?`, `{n,m}` and alternation. */
  paths: number;
  /** How many unbounded quantifiers (`*`, `+`, `{n,}`) it has. */
  unbounded: number;
  /** It starts with `^` and has no top-level alternation, so the engine tries one start position only. */
  anchored: boolean;
  /**
   * How many characters one match attempt may step through in bounded repetitions: `a{1000}b` 1000,
   * `(ab{1,10}){5}` 50 (nested bounds multiply, sequences add). An unanchored pattern may make that many steps
   * from every start position, so its matching costs up to input length x span.
   */
  span: number;
}

function shapeOf(pattern: string): PatternShape {
  const groups: Group[] = [{ hasQuantifier: false, alternatives: 1, span: 0 }];
  const shape: PatternShape = {
    repeatsAmbiguousGroup: false,
    paths: 1,
    unbounded: 0,
    anchored: false,
    span: 0,
  };
  let lastClosedGroup: Group | undefined;
  let index = 0;
  // a closed group's span counts in its parent once we know whether a quantifier repeats it
  let pendingSpan = 0;
  const quantify = (ways: number, times = 1) => {
    if (lastClosedGroup && (lastClosedGroup.hasQuantifier || lastClosedGroup.alternatives > 1)) {
      shape.repeatsAmbiguousGroup = true;
    }
    const repeated = lastClosedGroup ? pendingSpan : 1;
    pendingSpan = 0;
    if (times > 1) groups[groups.length - 1]!.span += repeated * times;
    else if (lastClosedGroup) groups[groups.length - 1]!.span += repeated;
    if (ways === Number.POSITIVE_INFINITY) shape.unbounded += 1;
    else shape.paths *= ways;
    for (const group of groups) group.hasQuantifier = true;
  };
  while (index < pattern.length) {
    const char = pattern[index]!;
    let closedGroup: Group | undefined;
    const bounds = char === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index)) : null;
    if (lastClosedGroup && !(char === '*' || char === '+' || char === '?' || bounds)) {
      groups[groups.length - 1]!.span += pendingSpan;
      pendingSpan = 0;
    }
    if (char === '\\') {
      index += 2;
    } else if (char === '[') {
      index = skipCharacterClass(pattern, index);
    } else if (char === '(') {
      groups.push({ hasQuantifier: false, alternatives: 1, span: 0 });
      index += 1;
    } else if (char === ')') {
      if (groups.length > 1) {
        closedGroup = groups.pop()!;
        shape.paths *= closedGroup.alternatives;
        pendingSpan = closedGroup.span;
      }
      index += 1;
    } else if (char === '|') {
      groups[groups.length - 1]!.alternatives += 1;
      index += 1;
    } else if (char === '*' || char === '+' || char === '?') {
      quantify(char === '?' ? 2 : Number.POSITIVE_INFINITY);
      index += pattern[index + 1] === '?' ? 2 : 1;
    } else if (bounds) {
      const [bound, min, comma, max] = bounds;
      quantify(
        comma === undefined ? 1 : max === '' ? Number.POSITIVE_INFINITY : Number(max) - Number(min) + 1,
        comma === undefined ? Number(min) : max === '' ? 1 : Number(max),
      );
      index += bound.length + (pattern[index + bound.length] === '?' ? 1 : 0);
    } else {
      index += 1;
    }
    lastClosedGroup = closedGroup;
  }
  if (lastClosedGroup) groups[0]!.span += pendingSpan;
  shape.span = groups[0]!.span;
  shape.paths *= groups[0]!.alternatives;
  shape.anchored = pattern.startsWith('^') && groups[0]!.alternatives === 1;
  return shape;
}

/**
 * A static check that a JavaScript regular expression cannot backtrack catastrophically, so it may run on the
 * backtracking native engine; every other pattern gets a second opinion ({@link hasBoundedBacktracking}), then runs
 * on re2js (linear time) or is refused.
 *
 * The rule is deliberately conservative. A pattern passes only when
 * - no quantifier applies to a group that itself contains a quantifier or an alternation (`(a+)+`, `(a|ab)*`);
 * - the bounded choices it offers per start position (each `?`, `{n,m}` contributes m-n+1 ways, each alternation
 *   its number of branches) multiply to at most {@link MAX_BACKTRACKING_PATHS}; and
 * - it has no unbounded quantifier (`*`, `+`, `{n,}`), or exactly one and it starts with `^` with no top-level
 *   alternation, so a single start position is tried and the work stays linear in the input; and
 * - unanchored, its bounded repetitions reach at most {@link MAX_NATIVE_SPAN} characters (`a{1000}b` would try up
 *   to 1000 from every start position).
 */
export function isBacktrackingSafe(pattern: string): boolean {
  return passesSyntacticRule(shapeOf(pattern));
}

/**
 * The longest reach through bounded repetitions (`a{1000}b`: 1000) that an unanchored pattern may have and still run
 * natively; past it, every start position may cost that many steps, and re2js runs it instead.
 */
export const MAX_NATIVE_SPAN = 32;

/**
 * What matching `pattern` may cost per character of input: its `span` (the characters one match attempt may step
 * through in bounded repetitions; nested bounds multiply, sequences add) and whether it is `anchored` (starts with
 * `^`, no top-level alternation), so that one start position is tried instead of every one. Unanchored, matching
 * may cost up to input length x span.
 */
export function patternReach(pattern: string): { span: number; anchored: boolean } {
  const { span, anchored } = shapeOf(pattern);
  return { span, anchored };
}

function passesSyntacticRule(shape: PatternShape): boolean {
  if (shape.repeatsAmbiguousGroup || shape.paths > MAX_BACKTRACKING_PATHS) return false;
  if (!shape.anchored && shape.span > MAX_NATIVE_SPAN) return false;
  return shape.unbounded === 0 || (shape.unbounded === 1 && shape.anchored);
}

/** The most ways one input may match an anchored pattern, per prefix, for {@link hasBoundedBacktracking}. */
export const MAX_BACKTRACKING_SCORE = 16;
/** What the analysis of one pattern may spend: steps of redos-detector, and at most this many milliseconds. */
const ANALYSIS_STEPS = 300;
const ANALYSIS_MS = 250;

type Detector = typeof import('redos-detector');
let detector: Detector | undefined;

/**
 * The second opinion, for an anchored pattern the syntactic rule refuses, such as `^[a-z]{2}(-[a-z]+)+-[0-9]$`
 * (an AWS region): redos-detector enumerates the ways an input can take through the pattern and scores the most
 * ways that can match the same input. When that score is finite and small, no input makes the backtracking engine
 * retry more than that many ways per prefix; with one start position (`^`, no top-level alternation, no `m`
 * flag) its work stays linear in the input. The analysis is bounded in steps and time; a pattern it cannot settle
 * within them is treated as unsafe, which only means it runs on re2js, with the same answers. redos-detector is
 * loaded on the first pattern that needs it.
 */
export function hasBoundedBacktracking(pattern: string, flags: string): boolean {
  return boundedBacktracking(pattern, flags, shapeOf(pattern), false);
}

/** Verdicts of the second opinion, by `flags/pattern`, whichever thread worked them out. */
const verdicts = new LruCache<string, boolean>({ max: 10_000 });
let deferAnalysis = false;

/**
 * Where the second opinion of a pattern with no recorded verdict is worked out on this thread. By default it runs
 * where it is asked (up to ~70 ms a pattern). Deferred, {@link mayRunNatively} answers false for it at once (the
 * pattern runs on re2js, with the same answers), so a thread that must not stall (the server's event loop) asks a
 * worker for the verdicts it wants ({@link needsSecondOpinion}, {@link recordSecondOpinion}). Only a pattern that
 * re2js cannot express is still analysed in place, by {@link hasBoundedBacktracking}, as the one way it may run.
 */
export function deferSecondOpinions(defer: boolean): void {
  deferAnalysis = defer;
}

/** Whether a pattern's verdict depends on the second opinion and none has been recorded on this thread yet. */
export function needsSecondOpinion(pattern: string, flags: string): boolean {
  const shape = shapeOf(pattern);
  return (
    !passesSyntacticRule(shape) && opinionApplies(flags, shape) && !verdicts.has(verdictKey(pattern, flags))
  );
}

/** Keeps a verdict of {@link hasBoundedBacktracking} worked out elsewhere (in a worker) for this thread's compiles. */
export function recordSecondOpinion(pattern: string, flags: string, bounded: boolean): void {
  verdicts.set(verdictKey(pattern, flags), bounded);
}

/**
 * The `pattern` values and `patternProperties` names of a schema document, the patterns a compile of it hands to
 * the regular-expression engine (instances in `enum`, `const`, `default` and `examples` are skipped).
 */
export function schemaPatterns(document: unknown): string[] {
  const found = new Set<string>();
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
      if (key === 'pattern' && typeof value === 'string') found.add(value);
      if (key === 'patternProperties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) found.add(name);
      }
      stack.push(value);
    }
  }
  return [...found];
}

const verdictKey = (pattern: string, flags: string) => `${flags}/${pattern}`;
const opinionApplies = (flags: string, shape: PatternShape) => !flags.includes('m') && shape.anchored;

/**
 * Whether a pattern may run on the native engine: {@link isBacktrackingSafe}, else
 * {@link hasBoundedBacktracking}, with one scan of the pattern serving both.
 */
export function mayRunNatively(pattern: string, flags: string): boolean {
  const shape = shapeOf(pattern);
  return passesSyntacticRule(shape) || boundedBacktracking(pattern, flags, shape, deferAnalysis);
}

function boundedBacktracking(pattern: string, flags: string, shape: PatternShape, defer: boolean): boolean {
  if (!opinionApplies(flags, shape)) return false;
  const key = verdictKey(pattern, flags);
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  if (defer) return false;
  const bounded = askDetector(pattern, flags);
  recordSecondOpinion(pattern, flags, bounded);
  return bounded;
}

function askDetector(pattern: string, flags: string): boolean {
  detector ??= createRequire(import.meta.url)('redos-detector') as Detector;
  try {
    const verdict = detector.isSafePattern(pattern, {
      maxScore: MAX_BACKTRACKING_SCORE,
      maxSteps: ANALYSIS_STEPS,
      timeout: ANALYSIS_MS,
      unicode: flags.includes('u'),
      caseInsensitive: flags.includes('i'),
      dotAll: flags.includes('s'),
      downgradePattern: false,
    });
    return verdict.safe;
  } catch {
    // a construct the analysis does not model (lookbehind, named backreferences): keep to the linear engine
    return false;
  }
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
