import { describe, expect, it } from 'vitest';
import { jsonRows, markedPointers, rowsText } from '../src/app/json-rows.ts';
import { diffLines } from '../src/app/line-diff.ts';
import { matchRoute } from '../src/app/router.ts';

describe('jsonRows', () => {
  const value = { detail: { total: -1, 'a/b': [1, {}] }, id: 'x' };

  it('prints as JSON.stringify does with two spaces', () => {
    expect(rowsText(jsonRows(value))).toBe(JSON.stringify(value, null, 2));
  });

  it('gives every row the JSON Pointer of its value, escaping ~ and /', () => {
    const rows = jsonRows(value);
    expect(rows.find((r) => r.text.startsWith('"total"'))?.pointer).toBe('/detail/total');
    expect(rows.filter((r) => r.pointer === '/detail/a~1b').map((r) => r.text)).toEqual(['"a/b": [', ']']);
    expect(rows.find((r) => r.pointer === '/detail/a~1b/1')?.text).toBe('{}');
  });
});

describe('markedPointers', () => {
  it('marks a present value itself and a missing member at its nearest enclosing value', () => {
    const rows = jsonRows({ detail: { total: 'x' } });
    expect([...markedPointers(rows, ['/detail/total', '/detail/lines', '/nope/deeper'])]).toEqual([
      '/detail/total',
      '/detail',
      '',
    ]);
  });
});

describe('diffLines', () => {
  it('pairs common lines and marks the rest', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'removed', left: 'b' },
      { kind: 'added', right: 'x' },
      { kind: 'same', left: 'c', right: 'c' },
      { kind: 'added', right: 'd' },
    ]);
  });
});

describe('matchRoute', () => {
  it('maps console paths to views, decoding names', () => {
    expect(matchRoute('/')).toEqual({ view: 'overview' });
    expect(matchRoute('/registries/shop/schemas/com.shop.orders%40OrderPlaced')).toEqual({
      view: 'schema',
      registry: 'shop',
      name: 'com.shop.orders@OrderPlaced',
    });
    expect(matchRoute('/registries/shop/schemas/x/diff')).toEqual({
      view: 'diff',
      registry: 'shop',
      name: 'x',
    });
    expect(matchRoute('/playground')).toEqual({ view: 'playground' });
    expect(matchRoute('/nowhere/else')).toEqual({ view: 'not-found' });
  });
});
