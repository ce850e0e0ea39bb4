import { describe, expect, it } from 'vitest';
import { detectDialect, extractRouteKeys } from './index.ts';

describe('detectDialect', () => {
  it.each([
    [{ $schema: 'http://json-schema.org/draft-04/schema#' }, 'draft-04'],
    [{ $schema: 'http://json-schema.org/draft-06/schema' }, 'draft-06'],
    [{ $schema: 'https://json-schema.org/draft-07/schema#' }, 'draft-07'],
    [{ $schema: 'https://json-schema.org/draft/2019-09/schema' }, '2019-09'],
    [{ $schema: 'https://json-schema.org/draft/2020-12/schema' }, '2020-12'],
    [{ type: 'object' }, '2020-12'],
    [true, '2020-12'],
    [{ $schema: 'https://example.com/custom' }, '2020-12'],
    [{ openapi: '3.0.1', components: {} }, 'draft-04'],
  ])('%j is %s', (schema, dialect) => {
    expect(detectDialect(schema)).toBe(dialect);
  });
});

describe('extractRouteKeys for JSON Schema', () => {
  it('reads const and single-value enum', () => {
    const schema = {
      properties: { source: { const: 'com.shop.orders' }, 'detail-type': { enum: ['OrderPlaced'] } },
    };
    expect(extractRouteKeys({ format: 'jsonschema', schema })).toEqual({
      source: 'com.shop.orders',
      detailType: 'OrderPlaced',
    });
  });

  it('reads a CloudEvents type and ignores keys that are not pinned to one string', () => {
    const schema = {
      properties: {
        type: { const: 'com.shop.order.shipped' },
        source: { enum: ['a', 'b'] },
        'detail-type': {},
      },
    };
    expect(extractRouteKeys({ format: 'jsonschema', schema })).toEqual({
      cloudEventType: 'com.shop.order.shipped',
    });
  });
});
