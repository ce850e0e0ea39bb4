import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { compilePattern, createAjv, isBacktrackingSafe, safeRegExp, UnsafePatternError } from './index.ts';

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
  it('imports the engine from @schemagate/core', () => {
    const ajv = createAjv('2020-12', { standalone: true });
    const validate = ajv.compile({ type: 'string', pattern: '^(a+)+$' });
    const code = standaloneCode.default(ajv, validate);
    expect(code).toContain('require("@schemagate/core").safeRegExp');
    expect(safeRegExp.code).toBe('require("@schemagate/core").safeRegExp');
  });
});
