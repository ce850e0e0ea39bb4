import { describe, expect, it } from 'vitest';
import { eventRoute, RouteTable, refusalResult, versionResult, versionStatePolicy } from './index.ts';

const entries = [
  { registry: 'shop', name: 'orders@OrderPlaced', keys: { source: 'shop', detailType: 'OrderPlaced' } },
  { registry: 'shop', name: 'stock', keys: { cloudEventType: 'stock.adjusted' } },
  {
    registry: 'shop',
    name: 'stock.v2',
    keys: { cloudEventType: 'stock.adjusted', schemaUri: 'https://s.example/stock-v2.json' },
  },
  { registry: 'other', name: 'orders@OrderPlaced', keys: { source: 'shop', detailType: 'OrderPlaced' } },
  { registry: 'other', name: 'detail-only', keys: { detailType: 'Lonely' } },
].map((entry) => ({ ...entry, target: `${entry.registry}/${entry.name}` }));
const table = new RouteTable(entries);
const envelope = { source: 'shop', 'detail-type': 'OrderPlaced', detail: {} };

describe('RouteTable', () => {
  it('routes an explicit name first, then an envelope, then a CloudEvent', () => {
    expect(table.match(envelope, { schema: 'stock' })).toMatchObject({ ok: true, target: 'shop/stock' });
    expect(table.match(envelope, {}, { registry: 'other' })).toMatchObject({
      ok: true,
      target: 'other/orders@OrderPlaced',
      route: { by: 'envelope', source: 'shop', detailType: 'OrderPlaced' },
    });
    const cloudEvent = { specversion: '1.0', type: 'stock.adjusted' };
    expect(table.match({ ...cloudEvent, dataschema: 'https://s.example/stock-v2.json' })).toMatchObject({
      ok: true,
      target: 'shop/stock.v2',
    });
    // a dataschema nobody registered falls back to the type, which two schemas pin here
    expect(table.match({ ...cloudEvent, dataschema: 'https://s.example/nobody.json' })).toMatchObject({
      ok: false,
      refusal: { code: 'ambiguous_route' },
      candidates: ['shop/stock', 'shop/stock.v2'],
    });
  });

  it('refuses alike: nothing to route by, no match, several matches', () => {
    expect(table.match(42)).toMatchObject({ ok: false, refusal: { code: 'no_schema_for_event' } });
    // a CloudEvent needs its specversion; a type alone routes nowhere
    expect(eventRoute({ type: 'stock.adjusted' })).toBeUndefined();
    // an envelope routes only to schemas that pin both keys
    expect(table.match({ source: 'x', 'detail-type': 'Lonely' })).toMatchObject({
      ok: false,
      refusal: {
        code: 'no_schema_for_event',
        detail: 'No schema is registered for source `x` and detail-type `Lonely`',
      },
    });
    const several = table.match(envelope);
    expect(several).toMatchObject({ ok: false, refusal: { code: 'ambiguous_route' } });
    // the candidates are the caller's to keep: matching again, unnarrowed or narrowed, finds the table unchanged
    if (!several.ok) several.candidates.length = 0;
    expect(table.match(envelope)).toMatchObject({
      candidates: ['shop/orders@OrderPlaced', 'other/orders@OrderPlaced'],
    });
    expect(table.match(envelope, {}, { registries: new Set(['other', 'third']) })).toMatchObject({
      ok: true,
      target: 'other/orders@OrderPlaced',
    });
    expect(table.match(envelope, {}, { registries: new Set(['third']) })).toMatchObject({
      ok: false,
      refusal: { code: 'no_schema_for_event' },
    });
    if (!several.ok)
      expect(refusalResult(several.refusal)).toEqual({
        valid: false,
        registry: null,
        schema: null,
        version: null,
        errors: [{ path: '', keyword: 'ambiguous_route', message: several.refusal.detail, schemaPath: '' }],
      });
  });
});

describe('version state policy', () => {
  const version = { registry: 'shop', name: 'orders', version: 3 };
  it('validates active and deprecated versions (with a warning) and refuses disabled ones', () => {
    expect(versionStatePolicy({ ...version, state: 'active' })).toEqual({ warnings: [] });
    // the answer's bytes: members in this order, no warnings member for an active version
    expect(JSON.stringify(versionResult({ ...version, state: 'active' }, null))).toBe(
      '{"valid":true,"registry":"shop","schema":"orders","version":3,"errors":[]}',
    );
    const issue = { path: '/a', keyword: 'type', message: 'must be string', schemaPath: '#/type' };
    expect(versionResult({ ...version, state: 'deprecated' }, [issue])).toEqual({
      valid: false,
      registry: 'shop',
      schema: 'orders',
      version: 3,
      errors: [issue],
      warnings: ['Version 3 of shop/orders is deprecated'],
    });
    expect(versionResult({ ...version, state: 'disabled' }, null)).toEqual({
      valid: false,
      registry: 'shop',
      schema: 'orders',
      version: 3,
      errors: [
        {
          path: '',
          keyword: 'version_disabled',
          message: 'Version 3 of shop/orders is disabled',
          schemaPath: '',
        },
      ],
    });
  });
});
