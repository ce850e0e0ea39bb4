import { describe, expect, it } from 'vitest';
import { measureDepth, textNestsAtMost } from './index.ts';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('measureDepth', () => {
  it('counts containers, not scalars', () => {
    expect(measureDepth(1, 0)).toBe(false);
    expect(measureDepth({}, 0)).toBe(true);
    expect(measureDepth({ a: [1] }, 2)).toBe(false);
    expect(measureDepth({ a: [{}] }, 2)).toBe(true);
  });

  it('handles 100,000 levels without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(measureDepth(deep, 64)).toBe(true);
    expect(measureDepth(deep, 100_000)).toBe(false);
    expect(measureDepth(nested(10_000), 9_999)).toBe(true);
    expect(measureDepth(nested(10_000), 10_000)).toBe(false);
  });

  it('finds the deepest branch wherever it is, past the levels it recurses', () => {
    const value = { a: 1, b: [nested(3)], c: { d: nested(500) }, e: null };
    expect(measureDepth(value, 502)).toBe(false);
    expect(measureDepth(value, 501)).toBe(true);
    expect(measureDepth([[], [nested(250)]], 252)).toBe(false);
    expect(measureDepth([[], [nested(250)]], 251)).toBe(true);
  });

  it('walks own members only, `__proto__` included', () => {
    const parsed = JSON.parse('{"__proto__": {"x": [[1]]}}');
    expect(measureDepth(parsed, 3)).toBe(true);
    expect(measureDepth(parsed, 4)).toBe(false);
    const inherited = Object.create({ deep: nested(50) }) as object;
    expect(measureDepth(inherited, 1)).toBe(false);
  });
});

describe('textNestsAtMost', () => {
  it('vouches for a text only when its brackets could not nest past the limit', () => {
    expect(textNestsAtMost('1', 0)).toBe(true);
    expect(textNestsAtMost('{}', 0)).toBe(false);
    expect(textNestsAtMost('{"a":[1]}', 2)).toBe(true);
    expect(textNestsAtMost('{"a":[{}]}', 2)).toBe(false);
    // brackets inside strings are counted too: the answer errs on the side of walking the value
    expect(textNestsAtMost('{"a":"[[["}', 2)).toBe(false);
  });

  it('never vouches for a text that measureDepth would refuse', () => {
    const texts = [
      '{"a":1}',
      '[[[[]]]]',
      '{"a":{"b":{"c":[1,[2,{"d":[]}]]}}}',
      '[{},{},{},{},{}]',
      '{"__proto__":{"x":[[1]]}}',
      '"[{"',
      JSON.stringify(nested(40)),
      JSON.stringify({ a: [nested(5), nested(9)], b: { c: nested(7) } }),
    ];
    for (const text of texts) {
      for (let limit = 0; limit <= 45; limit++) {
        if (textNestsAtMost(text, limit)) expect(measureDepth(JSON.parse(text), limit)).toBe(false);
      }
    }
  });
});
