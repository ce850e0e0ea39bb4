import { RE2JS } from 're2js';
import { mayRunNatively } from './pattern-safety.ts';

/** What ajv needs from a compiled pattern. */
export interface PatternMatcher {
  test(input: string): boolean;
  toString(): string;
}

/** The module and export name through which generated standalone validators import {@link safeRegExp}. */
export const REGEXP_ENGINE_IMPORT = { module: '@schemagate/core', exportName: 'safeRegExp' } as const;

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

const compiledPatterns = new Map<string, PatternMatcher>();
const MAX_REMEMBERED_PATTERNS = 10_000;

/**
 * Compiles a JSON Schema `pattern` for ajv (its `code.regExp` option) so that no pattern can stall validation.
 *
 * A pattern that {@link mayRunNatively} allows (proven free of catastrophic backtracking by its syntax, or anchored
 * with few ways to match), runs on the native RegExp, which is
 * ECMA-262 itself and about ten times faster than re2js on short inputs. Any other pattern runs on
 * re2js, whose matching is linear in the input. A pattern that is neither (lookahead or backreferences, which RE2
 * cannot express, around nested or repeated quantifiers) throws {@link UnsafePatternError}; one that is not a
 * valid JavaScript regular expression throws a SyntaxError.
 */
export function compilePattern(pattern: string, flags: string): PatternMatcher {
  const key = `${flags}/${pattern}`;
  const known = compiledPatterns.get(key);
  if (known) return known;
  // Syntax is judged by JavaScript's rules: JSON Schema patterns are ECMA-262 regular expressions.
  const native = new RegExp(pattern, flags);
  let matcher: PatternMatcher;
  if (mayRunNatively(pattern, flags)) {
    matcher = native;
  } else {
    try {
      matcher = new Re2Matcher(
        pattern,
        flags,
        RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.LOOKBEHINDS),
      );
    } catch {
      throw new UnsafePatternError(pattern);
    }
  }
  if (compiledPatterns.size >= MAX_REMEMBERED_PATTERNS) compiledPatterns.clear();
  compiledPatterns.set(key, matcher);
  return matcher;
}

/**
 * The regular-expression engine handed to every ajv instance (`code.regExp`), including those that generate
 * standalone code: its `code` tells ajv how a generated module reaches it, `require("@schemagate/core").safeRegExp`.
 */
export const safeRegExp: ((pattern: string, flags: string) => PatternMatcher) & { code: string } =
  Object.assign((pattern: string, flags: string) => compilePattern(pattern, flags), {
    code: `require(${JSON.stringify(REGEXP_ENGINE_IMPORT.module)}).${REGEXP_ENGINE_IMPORT.exportName}`,
  });
