import { describe, expect, it } from 'vitest';
import {
  analyzeSchema,
  findOutOfRangeNumbers,
  findUnstorableText,
  findUnstorableValues,
  isOutOfRangeNumber,
  isStorableText,
  MAX_UNSTORABLE_FINDINGS,
  screenEvent,
  textMayHoldOutOfRangeNumber,
  unstorableTextReason,
} from './index.ts';

const paths = (found: { path: string }[]) => found.map((f) => f.path);

describe('numbers out of range', () => {
  it('are the numbers JSON.parse reads as ±Infinity', () => {
    expect(isOutOfRangeNumber(JSON.parse('1e400'))).toBe(true);
    expect(isOutOfRangeNumber(JSON.parse('-1e309'))).toBe(true);
    expect(isOutOfRangeNumber(Number.NaN)).toBe(true);
    expect(isOutOfRangeNumber(Number.MAX_VALUE)).toBe(false);
    expect(isOutOfRangeNumber(JSON.parse('1e-400'))).toBe(false);
    expect(isOutOfRangeNumber('1e400')).toBe(false);
  });

  it('are found anywhere in a document, by JSON Pointer, in document order', () => {
    const value = JSON.parse(
      '{"maximum": 1e400, "properties": {"a/b": {"enum": [1, -1e309]}, "c~": {"const": 2e308}}, ' +
        '"examples": [{"x": 1E+999}], "default": 1.5, "title": "1e400"}',
    );
    expect(paths(findOutOfRangeNumbers(value))).toEqual([
      '/maximum',
      '/properties/a~1b/enum/1',
      '/properties/c~0/const',
      '/examples/0/x',
    ]);
    expect(findOutOfRangeNumbers(value)[0]).toMatchObject({ code: 'number_out_of_range' });
    expect(findOutOfRangeNumbers(value)[0]!.message).toMatch(/Infinity/);
    expect(paths(findOutOfRangeNumbers(JSON.parse('1e400')))).toEqual(['']);
    expect(findOutOfRangeNumbers({ a: [1, 2.5, Number.MAX_VALUE], b: '1e400' })).toEqual([]);
  });

  it('stops at the bound, however many there are', () => {
    const many = JSON.parse(`[${Array.from({ length: 10_000 }, () => '1e400').join(',')}]`);
    expect(findOutOfRangeNumbers(many)).toHaveLength(MAX_UNSTORABLE_FINDINGS);
    expect(findOutOfRangeNumbers(many, 3)).toHaveLength(3);
  });

  it('are found in a document nested far past any recursion limit', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}1e400${']'.repeat(50_000)}`);
    const [found] = findOutOfRangeNumbers(deep);
    expect(found!.path === '/0'.repeat(50_000)).toBe(true);
  });
});

describe('textMayHoldOutOfRangeNumber', () => {
  const literals = [
    '1e400',
    '-1e400',
    '1e309',
    '1E+309',
    '0.5e0310',
    '12.75e999',
    '9'.repeat(309),
    `-${'9'.repeat(309)}.5`,
    `${'1'.repeat(250)}e60`,
    `${'1'.repeat(400)}e-50`,
  ];

  it('never misses a literal that overflows, wherever it stands', () => {
    for (const literal of literals) {
      expect(isOutOfRangeNumber(JSON.parse(literal))).toBe(true);
      for (const text of [
        literal,
        `[${literal}]`,
        `{"a":${literal}}`,
        `{"a": ${literal}}`,
        `{"a":\n\t${literal}}`,
        `{"event":{"x":[1,2,${literal}]}}`,
        `{"padding":"${'x'.repeat(1000)}","n":${literal}}`,
      ]) {
        expect(textMayHoldOutOfRangeNumber(text), text.slice(0, 80)).toBe(true);
      }
    }
  });

  it('agrees with a walk of the parsed value on generated numbers', () => {
    for (let exponent = 290; exponent <= 320; exponent++) {
      for (const digits of [1, 5, 17]) {
        for (const sign of ['', '-']) {
          const text = `{"n":[${sign}${'7'.repeat(digits)}.25e${exponent - digits}]}`;
          const overflows = findOutOfRangeNumbers(JSON.parse(text)).length > 0;
          if (overflows) expect(textMayHoldOutOfRangeNumber(text), text).toBe(true);
        }
      }
    }
    for (let digits = 200; digits <= 320; digits += 3) {
      const text = `{"n":${'3'.repeat(digits)}}`;
      if (findOutOfRangeNumbers(JSON.parse(text)).length > 0)
        expect(textMayHoldOutOfRangeNumber(text)).toBe(true);
    }
  });

  it('clears ordinary events without a walk', () => {
    const event = {
      version: '0',
      id: '6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'detail-type': 'OrderPlaced',
      source: 'com.shop.orders',
      account: '123456789012',
      time: '2026-11-20T14:03:11Z',
      detail: { total: 4997, ratio: 1.5e-7, big: 6.02e23, code: 'e123' },
    };
    expect(textMayHoldOutOfRangeNumber(JSON.stringify(event))).toBe(false);
    expect(textMayHoldOutOfRangeNumber(JSON.stringify({ event }, null, 2))).toBe(false);
    expect(textMayHoldOutOfRangeNumber('{"id":"4e5d1e400a"}')).toBe(false);
    expect(textMayHoldOutOfRangeNumber(`{"n":${'1'.repeat(209)}}`)).toBe(false);
    // the largest finite number is written with a three-digit exponent: the text cannot tell, a walk then does
    expect(textMayHoldOutOfRangeNumber(JSON.stringify({ max: Number.MAX_VALUE }))).toBe(true);
  });

  it('stays linear on hostile text', () => {
    const runs = `[${Array.from({ length: 5000 }, () => '1'.repeat(209)).join(',')}]`;
    const exponents = `[${Array.from({ length: 100_000 }, () => '1.25e12').join(',')}]`;
    const letters = `"${'1e'.repeat(500_000)}"`;
    for (const text of [runs, exponents, letters]) {
      const started = performance.now();
      expect(textMayHoldOutOfRangeNumber(text)).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});

describe('unstorable text', () => {
  it('is text with NUL or a surrogate that is not part of a pair', () => {
    expect(isStorableText('plain, ü, 😀 and \u2028')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('a\ud800')).toBe(false);
    expect(isStorableText('\udc00a')).toBe(false);
    expect(isStorableText('\ud83d\ude00\ud83d')).toBe(false);
    expect(isStorableText('\ude00\ud83d')).toBe(false);
    expect(unstorableTextReason('ab\u0000')).toMatch(/NUL \(U\+0000\) at offset 2/);
    expect(unstorableTextReason('x\udfff')).toMatch(/lone surrogate \(U\+DFFF\) at offset 1/);
    expect(unstorableTextReason('😀')).toBeUndefined();
  });

  it('is found in values and member names, by JSON Pointer', () => {
    const value = {
      description: 'a\u0000',
      properties: {
        'b\ud800': { const: 'ok' },
        c: { enum: ['fine', '\udc01'] },
        'd/e': { pattern: '^\u0000' },
      },
    };
    expect(paths(findUnstorableText(value))).toEqual([
      '/description',
      '/properties/b\ud800',
      '/properties/c/enum/1',
      '/properties/d~1e/pattern',
    ]);
    expect(findUnstorableText(value)[1]!.message).toMatch(/^the member name holds a lone surrogate/);
    expect(findUnstorableText({ a: ['😀', 1, null, true] })).toEqual([]);
  });

  it('is searched together with numbers in one walk', () => {
    const found = findUnstorableValues({ a: 'x\u0000', b: Number.POSITIVE_INFINITY });
    expect(found.map((f) => [f.path, f.code])).toEqual([
      ['/a', 'unstorable_text'],
      ['/b', 'number_out_of_range'],
    ]);
  });
});

describe('analyzeSchema', () => {
  it('refuses a schema holding a number out of range, naming each pointer', () => {
    const schema = JSON.parse('{"type": "number", "maximum": 1e400, "examples": [-1e400]}');
    const result = analyzeSchema({ format: 'jsonschema', schema });
    expect(result).toMatchObject({ ok: false, code: 'number_out_of_range' });
    expect(result.ok ? [] : paths(result.errors)).toEqual(['/maximum', '/examples/0']);
  });

  it('refuses one in an OpenAPI document, pointing into the document', () => {
    const schema = JSON.parse(
      '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, ' +
        '"components": {"schemas": {"AWSEvent": {"type": "object", "properties": {"n": {"maximum": 1e309}}}}}}',
    );
    const result = analyzeSchema({ format: 'openapi3', schema });
    expect(result.ok ? [] : paths(result.errors)).toEqual([
      '/components/schemas/AWSEvent/properties/n/maximum',
    ]);
  });

  it('refuses a schema holding text that cannot be stored', () => {
    const result = analyzeSchema({
      format: 'jsonschema',
      schema: { properties: { source: { const: 'a\u0000' } } },
    });
    expect(result).toMatchObject({ ok: false, code: 'unstorable_text' });
    expect(result.ok ? [] : paths(result.errors)).toEqual(['/properties/source/const']);
  });

  it('takes the largest finite numbers', () => {
    const result = analyzeSchema({ format: 'jsonschema', schema: { maximum: Number.MAX_VALUE } });
    expect(result.ok).toBe(true);
  });
});

describe('screenEvent', () => {
  it('finds a number out of range or nesting past the limit, whichever comes first', () => {
    expect(screenEvent({ a: [1, { b: 2 }] }, 3)).toBe('fine');
    expect(screenEvent(JSON.parse('{"a": [1, {"b": 1e400}]}'), 3)).toBe('number_out_of_range');
    expect(screenEvent(JSON.parse('-1e400'), 3)).toBe('number_out_of_range');
    expect(screenEvent({ a: [[[[]]]] }, 3)).toBe('too_deep');
    const deep = JSON.parse(`${'['.repeat(10_000)}1e400${']'.repeat(10_000)}`);
    expect(screenEvent(deep, 20_000)).toBe('number_out_of_range');
    expect(screenEvent(deep, 100)).toBe('too_deep');
  });
});
