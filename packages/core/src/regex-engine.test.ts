import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  createAjv,
  hasBoundedBacktracking,
  isBacktrackingSafe,
  safeRegExp,
  UnsafePatternError,
} from './index.ts';

describe('isBacktrackingSafe', () => {
  it.each([
    '^[A-Z]{3}-\\d{4}$',
    '^[a-z]{2}-[a-z]+-\\d$',
    '\\.json$',
    '^(?!admin)[a-z]+$',
    '^\\+?[0-9]{7,15}$',
  ])('lets %s run natively', (pattern) => {
    expect(isBacktrackingSafe(pattern)).toBe(true);
  });

  it.each([
    '^(a+)+$',
    '^(a|aa)*$',
    '(\\w+\\s?)*$',
    'a+b',
    '^\\d+\\d+$',
    '\\d{0,64}\\d{0,64}\\d{0,64}x',
    '^a+|b+$',
  ])('sends %s elsewhere', (pattern) => {
    expect(isBacktrackingSafe(pattern)).toBe(false);
  });
});

describe('hasBoundedBacktracking', () => {
  it.each([
    '^[a-z]{2}(-[a-z]+)+-[0-9]$',
    '^[a-z]+(-[a-z]+)*$',
    '^\\d+(\\.\\d+)*$',
    '^[a-z]+(?:_[a-z0-9]+)*$',
  ])('lets %s, anchored with few ways to match, run natively', (pattern) => {
    expect(isBacktrackingSafe(pattern)).toBe(false);
    expect(hasBoundedBacktracking(pattern, 'u')).toBe(true);
    expect(compilePattern(pattern, 'u')).toBeInstanceOf(RegExp);
  });

  it.each(['^(a+)+$', '^(a*)*b$', '^(\\d+)*$', '^([a-z0-9]+[-.])*[a-z0-9]+$', '^(\\w+\\s?)+$', '^(.*,)*.*$'])(
    'keeps %s, which one input can match in very many ways, off the native engine',
    (pattern) => {
      expect(hasBoundedBacktracking(pattern, 'u')).toBe(false);
      expect(compilePattern(pattern, 'u')).not.toBeInstanceOf(RegExp);
    },
  );

  it('asks only about patterns tried from one start position', () => {
    // unanchored, a top-level alternation, or multiline `^`: each tries many start positions
    expect(hasBoundedBacktracking('[a-z]{2}(-[a-z]+)+-[0-9]$', 'u')).toBe(false);
    expect(hasBoundedBacktracking('^[a-z]+(-[a-z]+)*$|^x$', 'u')).toBe(false);
    expect(hasBoundedBacktracking('^[a-z]+(-[a-z]+)*$', 'mu')).toBe(false);
  });

  it('matches adversarial inputs to the patterns it lets through in linear time', () => {
    const cases: Array<[string, string]> = [
      ['^[a-z]{2}(-[a-z]+)+-[0-9]$', `eu${'-a'.repeat(50_000)}!`],
      ['^[a-z]+(-[a-z]+)*$', `${'a-'.repeat(50_000)}!`],
      ['^\\d+(\\.\\d+)*$', `${'1.'.repeat(50_000)}x`],
    ];
    for (const [pattern, input] of cases) {
      const matcher = compilePattern(pattern, 'u');
      expect(matcher).toBeInstanceOf(RegExp);
      const started = performance.now();
      expect(matcher.test(input)).toBe(false);
      expect(performance.now() - started).toBeLessThan(250);
    }
  });
});

describe('compilePattern', () => {
  it('runs unsafe-looking patterns on re2js with the same answers as the native engine', () => {
    const pattern = '^([a-z0-9]+[-.])*[a-z0-9]+$';
    const matcher = compilePattern(pattern, 'u');
    expect(matcher).not.toBeInstanceOf(RegExp);
    const native = new RegExp(pattern, 'u');
    for (const input of ['a.b-c', 'a..b', '', 'ABC', 'x', 'é']) {
      expect(matcher.test(input)).toBe(native.test(input));
    }
    expect(matcher.toString()).toBe(`/${pattern}/u`);
  });

  it('refuses what neither engine can run safely and rejects invalid syntax', () => {
    expect(() => compilePattern('^(a+)+\\1$', 'u')).toThrow(UnsafePatternError);
    expect(() => compilePattern('(', 'u')).toThrow(SyntaxError);
  });
});

describe('standalone code', () => {
  it('builds each pattern as the engine it is given says, and checks formats through the expression given', () => {
    // codegen's engine says, per pattern, whether the generated code builds it natively or on re2js
    const engine = Object.assign(
      (pattern: string, flags: string) => {
        const matcher = compilePattern(pattern, flags);
        engine.code = matcher instanceof RegExp ? 'new RegExp' : 'linearRegExp';
        return matcher;
      },
      { code: 'linearRegExp' },
    );
    const ajv = createAjv('2020-12', { standalone: { regExp: engine, formats: _`inlineFormats` } });
    const validate = ajv.compile({
      type: 'object',
      properties: {
        slug: { type: 'string', pattern: '^[a-z]{2,8}$' },
        nested: { type: 'string', pattern: '^(a+)+$' },
        at: { type: 'string', format: 'date-time' },
      },
    });
    const code = standaloneCode.default(ajv, validate);
    expect(code).toContain('new RegExp("^[a-z]{2,8}$", "u")');
    expect(code).toMatch(/const (func\d+) = linearRegExp;.*\1\("\^\(a\+\)\+\$", "u"\)/);
    expect(code).toContain('inlineFormats["date-time"]');
    expect(code).not.toContain('@schemagate/core');
    expect(validate({ slug: 'ab', nested: 'aaa', at: '2024-06-01T10:00:00Z' })).toBe(true);
    expect(validate({ slug: 'a', nested: 'aaa!', at: '2024-06-01T10:00:00' })).toBe(false);
  });

  it('refuses to write standalone code without an engine for it', () => {
    expect(() => createAjv('2020-12', { standalone: true as never })).toThrow(/standalone/);
  });

  it('keeps the in-process engine out of generated code', () => {
    expect(safeRegExp('^a$', 'u')).toBeInstanceOf(RegExp);
  });
});
