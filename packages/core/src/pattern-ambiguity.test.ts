import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, isProvablyLinear, UnsafePatternError } from './index.ts';

const bukkit = String.raw`^(?!org\.bukkit\.)([a-zA-Z_$][a-zA-Z\d_$]*\.)*[a-zA-Z_$][a-zA-Z\d_$]*$`;

/** Inputs that make a backtracking engine try hardest: a piece the pattern can take, many times, then a misfit. */
function pumped(piece: string, length: number, tail = '!'): string {
  return piece.repeat(Math.ceil(length / piece.length)) + tail;
}

/** Lookaround shapes as schema files write them, each with an input that would expose backtracking. */
const realWorld: Array<[string, string, string[]]> = [
  [bukkit, 'a.', ['org.example.Plugin', 'Main', 'org.bukkit.Plugin', 'a..b', '1a.b', 'a.b.']],
  // a Kubernetes DNS label: not all digits, no hyphen at either end
  ['^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$', 'a-', ['my-app', '123', '-app', 'app-', 'a'.repeat(64)]],
  // a password policy: lookaheads at the start, each reading to the end once
  ['^(?=.*[A-Z])(?=.*[a-z])(?=.*\\d).{8,}$', 'aA', ['Passw0rdX', 'password1', 'SHORT1a', 'NoDigitsHere']],
  // a path segment without `..`
  ['^(?:(?!\\.\\.)[^/])+$', 'a.', ['file.txt', 'a..b', 'a/b', '']],
  // a name that neither starts nor ends with white space
  ['^(?!\\s)[\\s\\S]*(?<!\\s)$', 'a ', ['name', ' name', 'name ', 'a b']],
  // a Java package that is not java.*
  ['^(?!java\\.)[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$', 'a.', ['com.example', 'java.util', 'com..x', 'Com']],
  // unanchored, with a lookbehind
  ['(?<![\\w.])@[a-z]+\\b', 'a@', ['hi @bob', 'me@bob', '@x', 'none']],
];

describe('isProvablyLinear', () => {
  it.each(realWorld)(
    'proves %s and runs it natively, in linear time, with the native answers',
    (pattern, piece, samples) => {
      expect(isProvablyLinear(pattern, 'u')).toBe(true);
      const matcher = compilePattern(pattern, 'u');
      // re2js runs lookbehinds itself; a lookahead only the native engine can run
      expect(matcher instanceof RegExp).toBe(/\(\?[=!]/.test(pattern));
      const native = new RegExp(pattern, 'u');
      for (const sample of samples) expect(matcher.test(sample), sample).toBe(native.test(sample));
      for (const tail of ['!', '', '.', ' ', '-']) {
        const input = pumped(piece, 100_000, tail);
        const started = performance.now();
        matcher.test(input);
        expect(performance.now() - started, JSON.stringify(tail)).toBeLessThan(250);
      }
    },
  );

  it.each([
    '^(a+)+$',
    '(a|a)*b',
    '(?=(a+)+)',
    '^(?=(a+)+)',
    '^(?=.*\\d)(\\w+\\s?)*$',
    '^(a|aa)*$',
    '^(.*,)*.*$',
    '^\\d+\\d+$',
    'a+b',
    '^(a{1,3})+$',
    '^(a*)*b$',
    '^(a?)+$',
    // an unbounded lookahead reached at every position: quadratic
    '^a*(?=.*x)',
    '(?=.*x)a',
    '^(?<=(a+)+)b',
  ])('does not prove %s', (pattern) => {
    expect(isProvablyLinear(pattern, 'u')).toBe(false);
  });

  it('gives up on what it does not model: backreferences, case folding, the v flag', () => {
    expect(isProvablyLinear('^(\\w)\\1$', 'u')).toBe(false);
    expect(isProvablyLinear('^(?<c>\\w)\\k<c>$', 'u')).toBe(false);
    expect(isProvablyLinear('^(?!x)[a-z]+$', 'iu')).toBe(false);
    expect(isProvablyLinear('^(?!x)[a-z]+$', 'v')).toBe(false);
    expect(isProvablyLinear('^(?!x)[a-z]+$', 'u')).toBe(true);
  });

  it('still refuses lookaround patterns that may take exponential time', () => {
    for (const pattern of [
      '^(?=a)(a+)+$',
      '^(?!b)(a|a)*$',
      '^(?=.*\\d)(\\w+\\s?)*$',
      '(?=x)(a+)+y',
      '(?<=x)(?=.)(a|a)*y',
    ]) {
      expect(() => compilePattern(pattern, 'u'), pattern).toThrow(UnsafePatternError);
    }
  });

  it('whatever it proves matches pumped inputs in linear time (random patterns)', () => {
    const atom = fc.constantFrom('a', 'b', '[ab]', '[a-c]', '.', '\\d', 'x');
    const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a}${b}`),
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(?:${a}|${b})`),
        fc
          .tuple(tie('node'), fc.constantFrom('*', '+', '?', '{1,3}', '{2,}'))
          .map(([a, q]) => `(?:${a})${q}`),
        tie('node').map((a) => `(?=${a})`),
        tie('node').map((a) => `(?!${a})`),
      ),
    })).node;
    let proved = 0;
    fc.assert(
      fc.property(
        pattern,
        fc.boolean(),
        fc.stringMatching(/^[abcx1]{1,4}$/),
        fc.constantFrom('!', '', 'x', '1'),
        (body, anchored, piece, tail) => {
          const source = anchored ? `^${body}$` : body;
          if (!isProvablyLinear(source, 'u')) return;
          proved += 1;
          const native = new RegExp(source, 'u');
          const started = performance.now();
          native.test(pumped(piece, 50_000, tail));
          expect(performance.now() - started, source).toBeLessThan(300);
        },
      ),
      { numRuns: 400, seed: 12 },
    );
    // the property is about something: a fair share of the random patterns is proved
    expect(proved).toBeGreaterThan(50);
  });
});
