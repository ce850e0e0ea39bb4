import { ANY_DIALECT_SUBSCHEMA_KEYWORDS } from '@schemagate/core';
import { describe, expect, it } from 'vitest';
import { prefixTypeTitles } from './prefix-type-titles.ts';

const titled = { title: 'part' };

/** A value for `keyword` that holds one titled subschema in the keyword's shape, and where that title ends up. */
function holding(keyword: string): { value: unknown; at: Array<string | number> } {
  const { shape } = ANY_DIALECT_SUBSCHEMA_KEYWORDS.get(keyword)!;
  if (shape === 'map') return { value: { name: titled }, at: ['name'] };
  if (shape === 'schemas') return { value: [titled], at: [0] };
  return { value: titled, at: [] };
}

describe('prefixTypeTitles', () => {
  it.each([...ANY_DIALECT_SUBSCHEMA_KEYWORDS.keys()])('prefixes a title under %s', (keyword) => {
    const { value, at } = holding(keyword);
    const prefixed = prefixTypeTitles({ [keyword]: value }, 'Order') as Record<string, unknown>;
    expect(prefixed).toHaveProperty([keyword, ...at, 'title'], 'OrderPart');
  });

  it('names untitled definitions after their key, and leaves data and name lists alone', () => {
    const prefixed = prefixTypeTitles(
      {
        $defs: { address: { type: 'object' } },
        items: [{ title: 'first' }],
        dependencies: { a: ['b'], c: { title: 'when c' } },
        enum: [{ title: 'data' }],
        properties: { title: { type: 'string' } },
      },
      'Order',
    );
    expect(prefixed).toEqual({
      $defs: { address: { type: 'object', title: 'OrderAddress' } },
      items: [{ title: 'OrderFirst' }],
      dependencies: { a: ['b'], c: { title: 'OrderWhenC' } },
      enum: [{ title: 'data' }],
      properties: { title: { type: 'string' } },
    });
  });
});
