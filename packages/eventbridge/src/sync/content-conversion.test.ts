import { describe, expect, it } from 'vitest';
import { fromEventBridgeContent } from './content-conversion.ts';

describe('fromEventBridgeContent', () => {
  it('refuses content holding a number JSON would carry on as null, naming its pointers', () => {
    const content =
      '{"openapi": "3.0.0", "components": {"schemas": {"AWSEvent": {"properties": {"n": {"maximum": 1e400}}}}}}';
    expect(() => fromEventBridgeContent('OpenApi3', content)).toThrow(
      /64-bit float.*\/components\/schemas\/AWSEvent\/properties\/n\/maximum/,
    );
    expect(() => fromEventBridgeContent('JSONSchemaDraft4', '{"enum": [1, -1e309]}')).toThrow(/\/enum\/1/);
  });

  it('converts content whose numbers are large but finite', () => {
    const converted = fromEventBridgeContent('JSONSchemaDraft4', '{"maximum": 1.7976931348623157e308}');
    expect(converted.schema).toMatchObject({ maximum: Number.MAX_VALUE });
  });
});
