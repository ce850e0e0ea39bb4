import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ValidationIssue } from '../validator/event-validator.ts';
import { bindingsValidator } from './bindings-validator.ts';
import type { EventBinding } from './event-bindings.ts';
import { parseEvent } from './parse-event.ts';

interface OrderPlaced {
  source: 'shop';
  'detail-type': 'OrderPlaced';
  detail: { orderId: string };
}
interface StockAdjusted {
  specversion: '1.0';
  type: 'com.shop.stock.adjusted';
  data: { sku: string };
}

function binding<Event>(
  name: string,
  route: EventBinding<Event>['route'],
  check: (event: unknown) => ValidationIssue[],
): EventBinding<Event> {
  return {
    registry: 'shop',
    name,
    version: 2,
    fingerprint: 'sha256:x',
    route,
    is: (event): event is Event => check(event).length === 0,
    check,
  };
}

const missing = (path: string): ValidationIssue[] => [
  { path, keyword: 'required', message: 'is required', schemaPath: '#/required' },
];
const bindings = {
  'shop@OrderPlaced': binding<OrderPlaced>(
    'shop@OrderPlaced',
    { source: 'shop', detailType: 'OrderPlaced' },
    (e) => (typeof (e as OrderPlaced).detail?.orderId === 'string' ? [] : missing('/detail')),
  ),
  'com.shop.stock.adjusted': binding<StockAdjusted>(
    'com.shop.stock.adjusted',
    { cloudEventType: 'com.shop.stock.adjusted' },
    (e) => (typeof (e as StockAdjusted).data?.sku === 'string' ? [] : missing('/data')),
  ),
};

describe('parseEvent', () => {
  it('routes an EventBridge envelope by source and detail-type and types it', () => {
    const parsed = parseEvent(
      JSON.stringify({ source: 'shop', 'detail-type': 'OrderPlaced', detail: { orderId: 'o1' } }),
      bindings,
    );
    expect(parsed).toMatchObject({ ok: true, schema: 'shop@OrderPlaced', version: 2 });
    if (parsed.ok && parsed.schema === 'shop@OrderPlaced') {
      expectTypeOf(parsed.event).toEqualTypeOf<OrderPlaced>();
      expect(parsed.event.detail.orderId).toBe('o1');
    }
  });

  it('routes a CloudEvent by type, from bytes', () => {
    const raw = new TextEncoder().encode(
      JSON.stringify({ specversion: '1.0', type: 'com.shop.stock.adjusted', data: { sku: 'A' } }),
    );
    expect(parseEvent(raw, bindings)).toMatchObject({ ok: true, schema: 'com.shop.stock.adjusted' });
  });

  it('rejects with a reason: malformed, unrouted, invalid', () => {
    expect(parseEvent('{nope', bindings)).toMatchObject({ ok: false, reason: 'malformed', errors: [] });
    expect(parseEvent({ source: 'other', 'detail-type': 'OrderPlaced', detail: {} }, bindings)).toMatchObject(
      {
        ok: false,
        reason: 'unrouted',
      },
    );
    expect(parseEvent(42, bindings)).toMatchObject({ ok: false, reason: 'unrouted' });
    expect(parseEvent({ source: 'shop', 'detail-type': 'OrderPlaced', detail: {} }, bindings)).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'does not match shop/shop@OrderPlaced v2',
      schema: 'shop@OrderPlaced',
      version: 2,
      errors: missing('/detail'),
    });
  });
});

describe('numbers JSON cannot write back', () => {
  const text = '{"source":"shop","detail-type":"OrderPlaced","detail":{"orderId":"o1","total":1e400}}';
  const issue = {
    path: '/detail/total',
    keyword: 'number_out_of_range',
    message: expect.stringMatching(/beyond what a 64-bit float holds.*reads as Infinity/),
    schemaPath: '',
  };

  it('parseEvent refuses them as malformed, naming each, from text, bytes or a value', () => {
    const refused = {
      ok: false,
      reason: 'malformed',
      message: 'holds a number beyond what a 64-bit float holds (about ±1.8e308) at /detail/total',
      errors: [issue],
    };
    expect(parseEvent(text, bindings)).toEqual(refused);
    expect(parseEvent(new TextEncoder().encode(text), bindings)).toEqual(refused);
    expect(parseEvent(JSON.parse(text), bindings)).toEqual(refused);
    expect(
      parseEvent(
        { source: 'shop', 'detail-type': 'OrderPlaced', detail: { orderId: 'o1', n: Number.NaN } },
        bindings,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'malformed',
      errors: [{ path: '/detail/n', keyword: 'number_out_of_range' }],
    });
  });

  it('bindingsValidator refuses them as the registry does', () => {
    expect(bindingsValidator(bindings).validate(JSON.parse(text))).toEqual({
      valid: false,
      registry: null,
      schema: null,
      version: null,
      errors: [issue],
    });
  });
});

describe('bindingsValidator', () => {
  it('answers which version matched, routing like parseEvent or by explicit schema', () => {
    const validator = bindingsValidator(bindings);
    const event = { source: 'shop', 'detail-type': 'OrderPlaced', detail: { orderId: 'o1' } };
    expect(validator.validate(event)).toEqual({
      valid: true,
      registry: 'shop',
      schema: 'shop@OrderPlaced',
      version: 2,
      errors: [],
    });
    expect(validator.validate({ data: {} }, { schema: 'com.shop.stock.adjusted' })).toMatchObject({
      valid: false,
      schema: 'com.shop.stock.adjusted',
      errors: missing('/data'),
    });
    // the registry's refusal: no schema for the event, as a verdict (as a batch entry of POST /v1/validate)
    expect(validator.validate({ type: 'unknown', specversion: '1.0' })).toEqual({
      valid: false,
      registry: null,
      schema: null,
      version: null,
      errors: [
        {
          path: '',
          keyword: 'no_schema_for_event',
          message: 'No schema is registered for CloudEvents type `unknown`',
          schemaPath: '',
        },
      ],
    });
  });

  it('refuses an event that several bindings claim, and a disabled version, the way the registry does', () => {
    const again = binding<OrderPlaced>(
      'shop@OrderPlacedAgain',
      { source: 'shop', detailType: 'OrderPlaced' },
      () => [],
    );
    const both = { ...bindings, 'shop@OrderPlacedAgain': again };
    const event = { source: 'shop', 'detail-type': 'OrderPlaced', detail: { orderId: 'o1' } };
    expect(bindingsValidator(both).validate(event)).toMatchObject({
      valid: false,
      errors: [{ path: '', keyword: 'ambiguous_route' }],
    });
    expect(parseEvent(event, both)).toMatchObject({ ok: false, reason: 'unrouted' });
    expect(bindingsValidator(both).validate(event, { schema: 'shop@OrderPlacedAgain' })).toMatchObject({
      valid: true,
    });

    const disabled = { 'shop@OrderPlaced': { ...bindings['shop@OrderPlaced'], state: 'disabled' } };
    expect(bindingsValidator(disabled).validate(event)).toMatchObject({
      valid: false,
      schema: 'shop@OrderPlaced',
      version: 2,
      errors: [
        { path: '', keyword: 'version_disabled', message: 'Version 2 of shop/shop@OrderPlaced is disabled' },
      ],
    });
    expect(parseEvent(event, disabled)).toMatchObject({
      ok: false,
      reason: 'disabled',
      errors: [{ keyword: 'version_disabled' }],
    });
    const deprecated = { 'shop@OrderPlaced': { ...bindings['shop@OrderPlaced'], state: 'deprecated' } };
    expect(bindingsValidator(deprecated).validate(event)).toMatchObject({
      valid: true,
      warnings: ['Version 2 of shop/shop@OrderPlaced is deprecated'],
    });
  });

  it('routes a CloudEvent by its dataschema before its type', () => {
    const byId = binding<StockAdjusted>(
      'com.shop.stock.adjusted.v2',
      { cloudEventType: 'com.shop.stock.adjusted', schemaUri: 'https://schemas.shop.example/stock-v2.json' },
      () => [],
    );
    const validator = bindingsValidator({ ...bindings, 'com.shop.stock.adjusted.v2': byId });
    const event = { specversion: '1.0', type: 'com.shop.stock.adjusted', data: {} };
    expect(
      validator.validate({ ...event, dataschema: 'https://schemas.shop.example/stock-v2.json' }),
    ).toMatchObject({
      valid: true,
      schema: 'com.shop.stock.adjusted.v2',
    });
    expect(validator.validate(event)).toMatchObject({
      valid: false,
      errors: [{ keyword: 'ambiguous_route' }],
    });
  });
});
