import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  deferSecondOpinions,
  needsSecondOpinion,
  recordSecondOpinion,
  schemaPatterns,
  UnsafePatternError,
} from './index.ts';

// This file's module state is its own (vitest isolates test files): deferral stays on for every test here.
deferSecondOpinions(true);

describe('second opinions deferred (the server: redos-detector never runs on the event loop)', () => {
  it('a pattern only the analysis could let run natively runs on re2js at once, with the same answers', () => {
    const region = '^[a-z]{2}(-[a-z]+)+-[0-9]$';
    expect(needsSecondOpinion(region, 'u')).toBe(true);
    const matcher = compilePattern(region, 'u');
    expect(matcher).not.toBeInstanceOf(RegExp);
    // no analysis ran: it would have recorded its verdict
    expect(needsSecondOpinion(region, 'u')).toBe(true);
    for (const input of ['eu-west-1', 'us-gov-east-2', 'eu-west', 'EU-west-1', 'eu--1']) {
      expect(matcher.test(input), input).toBe(new RegExp(region, 'u').test(input));
    }
  });

  it('a verdict worked out elsewhere and recorded lets the pattern run natively', () => {
    const version = '^[0-9]+(\\.[0-9]+)*$';
    expect(needsSecondOpinion(version, 'u')).toBe(true);
    recordSecondOpinion(version, 'u', true);
    expect(needsSecondOpinion(version, 'u')).toBe(false);
    expect(compilePattern(version, 'u')).toBeInstanceOf(RegExp);
    const refused = '^(a|ab)(c|bcd)+(d*)$';
    recordSecondOpinion(refused, 'u', false);
    expect(compilePattern(refused, 'u')).not.toBeInstanceOf(RegExp);
  });

  it('a pattern compiled on re2js before its verdict came moves to the native engine once the verdict lets it', () => {
    const semver = '^[0-9]+(\\.[0-9]+)*(-[a-z]+)?$';
    const before = compilePattern(semver, 'u');
    expect(before).not.toBeInstanceOf(RegExp);
    // compiled again while no verdict is known: the same re2js matcher, from the cache
    expect(compilePattern(semver, 'u')).toBe(before);
    recordSecondOpinion(semver, 'u', true);
    const after = compilePattern(semver, 'u');
    expect(after).toBeInstanceOf(RegExp);
    expect(compilePattern(semver, 'u')).toBe(after);
    for (const input of ['1.2.3', '1.2.3-rc', '1..2', '1.2-', 'v1']) {
      expect(after.test(input), input).toBe(before.test(input));
    }
    // a verdict that refuses keeps it on re2js
    const ambiguous = '^(a|ab)(c|bcd)+(e*)$';
    const held = compilePattern(ambiguous, 'u');
    recordSecondOpinion(ambiguous, 'u', false);
    expect(compilePattern(ambiguous, 'u')).toBe(held);
  });

  it('a pattern re2js cannot express is still analysed in place, as before: native when bounded, else refused', () => {
    expect(compilePattern('^(?=[a-z])[a-z]+(-[a-z]+)*$', 'u')).toBeInstanceOf(RegExp);
    expect(() => compilePattern('^(?=a)(a+)+$', 'u')).toThrow(UnsafePatternError);
  });

  it('patterns the syntax settles, unanchored ones and `m` patterns need no opinion', () => {
    expect(needsSecondOpinion('^[A-Z]{3}-\\d{4}$', 'u')).toBe(false);
    expect(needsSecondOpinion('[a-z]+(-[a-z]+)*', 'u')).toBe(false);
    expect(needsSecondOpinion('^[a-z]+(-[a-z]+)*$', 'mu')).toBe(false);
  });
});

describe('schemaPatterns', () => {
  it('collects pattern values and patternProperties names, not instances', () => {
    const patterns = schemaPatterns({
      type: 'object',
      properties: {
        pattern: { type: 'string', pattern: '^a+$' },
        nested: { items: { pattern: '^b$' } },
      },
      patternProperties: { '^x-': { pattern: '^c$' } },
      enum: [{ pattern: 'not-a-schema' }],
      examples: [{ pattern: 'nor-this' }],
    });
    expect(patterns.sort()).toEqual(['^a+$', '^b$', '^c$', '^x-']);
  });
});
