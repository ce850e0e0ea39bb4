import { RE2JS } from 're2js';
import { LruCache } from './lru-cache.ts';
import { isProvablyLinear } from './pattern-ambiguity.ts';
import { hasBoundedBacktracking, mayRunNatively } from './pattern-safety.ts';

/** What ajv needs from a compiled pattern. */
export interface PatternMatcher {
  test(input: string): boolean;
  toString(): string;
}

/**
 * How a pattern is compiled on re2js, as JavaScript source: a function of the pattern that refers to `RE2JS`,
 * re2js' export. The one definition: {@link compilePattern} runs it for every pattern that may not run natively,
 * and codegen writes it into generated validators, which import re2js themselves. Source text rather than a
 * function's `toString()`, for the reason given at `DATE_TIME_FORMAT_SOURCE`.
 */
export const RE2JS_COMPILE_SOURCE =
  '(pattern) => RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.LOOKBEHINDS)';
const compileOnRe2js = new Function('RE2JS', `return ${RE2JS_COMPILE_SOURCE};`)(RE2JS) as (
  pattern: string,
) => RE2JS;

/** Why a pattern was refused. */
export class UnsafePatternError extends Error {
  /** `unsafe_pattern`: valid JavaScript, but only a backtracking engine can run it and it may not finish. */
  readonly code = 'unsafe_pattern';
  constructor(readonly pattern: string) {
    super(`pattern ${JSON.stringify(pattern)} needs a backtracking engine and may take exponential time`);
    this.name = 'UnsafePatternError';
  }
}

class Re2Matcher implements PatternMatcher {
  readonly #re2: RE2JS;
  constructor(
    private readonly source: string,
    private readonly flags: string,
    re2: RE2JS,
  ) {
    this.#re2 = re2;
  }
  test(input: string): boolean {
    return this.#re2.test(input);
  }
  // ajv keys its per-schema pattern cache by this string, so it must differ between patterns.
  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

const compiledPatterns = new LruCache<string, PatternMatcher>({ max: 10_000 });

/**
 * Compiles a JSON Schema `pattern` for ajv (its `code.regExp` option) so that no pattern can stall validation.
 *
 * A pattern that {@link mayRunNatively} allows (proven free of catastrophic backtracking by its syntax, or anchored
 * with few ways to match), runs on the native RegExp, which is
 * ECMA-262 itself and about ten times faster than re2js on short inputs. Any other pattern runs on
 * re2js, whose matching is linear in the input. A pattern re2js cannot express (lookarounds, backreferences) runs
 * natively when {@link isProvablyLinear} proves it safe, such as `^(?!org\.bukkit\.)([a-z]+\.)*[a-z]+$`, or the second
 * opinion does; otherwise (lookarounds around nested or overlapping quantifiers, backreferences the second opinion
 * cannot settle) it throws {@link UnsafePatternError}; one that is not a
 * valid JavaScript regular expression throws a SyntaxError.
 */
export function compilePattern(pattern: string, flags: string): PatternMatcher {
  const key = `${flags}/${pattern}`;
  const known = compiledPatterns.get(key);
  // a pattern put on re2js while its second opinion was deferred moves to the native engine once a verdict lets it
  // (the server records verdicts from its pool after a first compile may have met the pattern): compiles only
  if (known && !(known instanceof Re2Matcher && mayRunNatively(pattern, flags))) return known;
  // Syntax is judged by JavaScript's rules: JSON Schema patterns are ECMA-262 regular expressions.
  const native = new RegExp(pattern, flags);
  let matcher: PatternMatcher;
  if (mayRunNatively(pattern, flags)) {
    matcher = native;
  } else {
    try {
      matcher = new Re2Matcher(pattern, flags, compileOnRe2js(pattern));
    } catch {
      // re2js cannot express it (lookaround, backreferences): the native engine is the one way it may still run,
      // when the count of its paths proves it linear (cheap, so it runs even where second opinions are deferred),
      // or else the second opinion finds its backtracking bounded
      if (!isProvablyLinear(pattern, flags) && !hasBoundedBacktracking(pattern, flags)) {
        throw new UnsafePatternError(pattern);
      }
      matcher = native;
    }
  }
  compiledPatterns.set(key, matcher);
  return matcher;
}

/**
 * The regular-expression engine of every ajv instance that validates in this process (`code.regExp`). Its `code`
 * is only read when ajv writes standalone code, which gets an engine of its own from codegen (createAjv's
 * `standalone`): a generated module cannot reach this one.
 */
export const safeRegExp: ((pattern: string, flags: string) => PatternMatcher) & { code: string } =
  Object.assign((pattern: string, flags: string) => compilePattern(pattern, flags), {
    code: 'safeRegExp',
  });
