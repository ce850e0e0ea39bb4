import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  estimateValidationMs,
  eventSizeBound,
  measureEvent,
  measureSchemaCost,
  patternReach,
} from './index.ts';

const jsonschema = (schema: unknown) => ({ format: 'jsonschema' as const, schema });

/** `$defs` d0..d{depth-1}, each `{"anyOf": [{"$ref": next}, {"$ref": next}]}`: the probe's chain. */
function refChain(depth: number) {
  const $defs: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) {
    const next = i + 1 < depth ? `#/$defs/d${i + 1}` : '#/$defs/leaf';
    $defs[`d${i}`] = { anyOf: [{ $ref: next }, { $ref: next }] };
  }
  $defs.leaf = { type: 'string' };
  return { $ref: '#/$defs/d0', $defs };
}

describe('measureSchemaCost', () => {
  it('counts each $ref where it is used, memoized, and stops a chain that doubles at every level', () => {
    const small = measureSchemaCost(jsonschema(refChain(4)));
    // d_i expands to 3 + 2 * size(d_{i+1}), leaf 1: d3 = 5, d2 = 13, d1 = 29, d0 = 61; the root adds itself
    expect(small.cost.expandedSubschemas).toBe(62);
    expect(small.violations).toEqual([]);

    const started = performance.now();
    const probe = measureSchemaCost(jsonschema(refChain(22)));
    expect(performance.now() - started).toBeLessThan(200);
    expect(probe.violations.map((v) => v.limit)).toEqual(['maxExpandedSubschemas']);
    expect(probe.violations[0]!.found).toBeGreaterThan(probe.violations[0]!.max);
  });

  it('follows $refs into registered references, so a chain spread over documents is counted too', () => {
    const references = Array.from({ length: 20 }, (_, i) => ({
      uri: `https://example.com/d${i}`,
      schema: {
        $id: `https://example.com/d${i}`,
        anyOf: [{ $ref: `https://example.com/d${i + 1}` }, { $ref: `https://example.com/d${i + 1}` }],
      },
    }));
    references.push({ uri: 'https://example.com/d20', schema: { $id: 'https://example.com/d20' } as never });
    const { violations } = measureSchemaCost(jsonschema({ $ref: 'https://example.com/d0' }), references);
    expect(violations.map((v) => v.limit)).toEqual(['maxExpandedSubschemas']);
  });

  it('counts a recursive schema once per recursion, as its cost follows the event instead', () => {
    const tree = {
      $defs: {
        node: {
          type: 'object',
          properties: { left: { $ref: '#/$defs/node' }, right: { $ref: '#/$defs/node' } },
        },
      },
      $ref: '#/$defs/node',
    };
    const { cost, violations } = measureSchemaCost(jsonschema(tree));
    expect(violations).toEqual([]);
    expect(cost.expandedSubschemas).toBeLessThan(10);
  });

  it('names the pointer and the limit of an oversized enum and patternProperties', () => {
    const patternProperties = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`^k${i}$`, {}]));
    const { violations } = measureSchemaCost(
      jsonschema({
        properties: {
          code: { enum: Array.from({ length: 100_000 }, (_, i) => i) },
          tags: { type: 'object', patternProperties },
        },
      }),
    );
    expect(violations.map(({ limit, path, found, max }) => ({ limit, path, found, max }))).toEqual([
      { limit: 'maxEnumValues', path: '/properties/code/enum', found: 100_000, max: 10_000 },
      { limit: 'maxPatternProperties', path: '/properties/tags/patternProperties', found: 1000, max: 100 },
    ]);
  });

  it('refuses far-reaching unanchored repetitions on strings without maxLength, and only those', () => {
    for (const pattern of ['a{1000}b', '.{0,1000}x', '\\d{1,1000}\\.', '(ab{1,20}){10}']) {
      const { violations } = measureSchemaCost(jsonschema({ type: 'string', pattern }));
      expect(violations, pattern).toMatchObject([{ limit: 'maxPatternRepetition', path: '/pattern' }]);
    }
    for (const schema of [
      { type: 'string', pattern: '^a{1000}b' },
      { type: 'string', pattern: 'a{1000}b', maxLength: 2000 },
      { type: 'string', pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}' },
    ]) {
      expect(measureSchemaCost(jsonschema(schema)).violations, JSON.stringify(schema)).toEqual([]);
    }
    const names = measureSchemaCost(jsonschema({ patternProperties: { 'x{500}': {} } })).violations;
    expect(names).toMatchObject([{ limit: 'maxPatternRepetition', path: '/patternProperties/x{500}' }]);
  });

  it('points into an OpenAPI document where its AWSEvent component is too costly', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          AWSEvent: { type: 'object', properties: { r: { type: 'string', enum: Array(20_000).fill('x') } } },
        },
      },
    };
    const { violations } = measureSchemaCost({ format: 'openapi3', schema: document });
    expect(violations).toMatchObject([
      { limit: 'maxEnumValues', path: '/components/schemas/AWSEvent/properties/r/enum' },
    ]);
  });

  it('tells a pairwise uniqueItems from one ajv checks through a map', () => {
    const pairwise = (items?: unknown) =>
      measureSchemaCost(jsonschema({ type: 'array', uniqueItems: true, ...(items ? { items } : {}) })).cost
        .pairwiseUniqueItems;
    expect(pairwise()).toBe(true);
    expect(pairwise({ type: 'object' })).toBe(true);
    expect(pairwise({ type: ['string', 'object'] })).toBe(true);
    expect(pairwise({ type: 'string' })).toBe(false);
    expect(pairwise({ type: ['integer', 'null'] })).toBe(false);
  });

  it('lets every contract of the repository through', () => {
    const root = join(import.meta.dirname, '../../../schemas');
    let checked = 0;
    for (const registry of readdirSync(root, { withFileTypes: true })) {
      if (!registry.isDirectory()) continue;
      for (const name of readdirSync(join(root, registry.name))) {
        const file = join(root, registry.name, name, 'schema.json');
        let schema: unknown;
        try {
          schema = JSON.parse(readFileSync(file, 'utf8'));
        } catch {
          continue;
        }
        const format = (schema as { openapi?: unknown }).openapi ? 'openapi3' : 'jsonschema';
        expect(measureSchemaCost({ format, schema }).violations, file).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('patternReach and the native engine', () => {
  it('measures how far bounded repetitions reach: sequences add, nested bounds multiply', () => {
    expect(patternReach('a{1000}b')).toEqual({ span: 1000, anchored: false });
    expect(patternReach('(ab{1,10}){5}c{3}')).toEqual({ span: 53, anchored: false });
    expect(patternReach('((x{2})){3}')).toEqual({ span: 6, anchored: false });
    expect(patternReach('^\\d{4}-\\d{2}$')).toEqual({ span: 6, anchored: true });
    expect(patternReach('a{b')).toEqual({ span: 0, anchored: false });
  });

  it('sends far-reaching unanchored repetitions to re2js and keeps short or anchored ones native', () => {
    for (const pattern of ['a{1000}b', '.{0,1000}x', '\\d{1,1000}\\.', 'a{50}b']) {
      expect(compilePattern(pattern, 'u'), pattern).not.toBeInstanceOf(RegExp);
    }
    for (const pattern of ['^a{1000}b', '[0-9]{3}', '^[A-Z]{3}-\\d{4}$']) {
      expect(compilePattern(pattern, 'u'), pattern).toBeInstanceOf(RegExp);
    }
  });
});

describe('estimateValidationMs', () => {
  const costOf = (schema: unknown) => measureSchemaCost(jsonschema(schema)).cost;

  it('bounds the probe attacks far over a second and ordinary events at well under a millisecond', () => {
    const objects = Array.from({ length: 30_000 }, (_, i) => ({ id: i }));
    expect(estimateValidationMs(costOf({ uniqueItems: true }), measureEvent(objects))).toBeGreaterThan(
      10_000,
    );
    const manyKeys = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, i]));
    const patternProperties = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`^p${i}`, {}]));
    expect(estimateValidationMs(costOf({ patternProperties }), measureEvent(manyKeys))).toBeGreaterThan(1000);
    const long = 'a'.repeat(900_000);
    expect(
      estimateValidationMs(costOf({ type: 'string', maxLength: 10, pattern: 'a{100}b' }), measureEvent(long)),
    ).toBeGreaterThan(1000);

    const order = {
      source: 'com.shop',
      'detail-type': 'OrderPlaced',
      detail: { id: 'o-1', total: 12.5, lines: [1, 2] },
    };
    const ordinary = costOf({ type: 'object', properties: { channel: { enum: ['web', 'ios'] } } });
    expect(estimateValidationMs(ordinary, measureEvent(order))).toBeLessThan(0.1);
  });

  it('measures values, property names, characters and pairs of items', () => {
    expect(measureEvent({ a: 'xy', b: [1, 'z', [null]] })).toEqual({
      nodes: 7,
      keys: 2,
      chars: 5,
      itemPairs: 3,
    });
    expect(measureEvent('text')).toEqual({ nodes: 1, keys: 0, chars: 4, itemPairs: 0 });
    expect(measureEvent(null)).toEqual({ nodes: 1, keys: 0, chars: 0, itemPairs: 0 });
  });

  it('stops measuring once what it has measured is over the given estimate', () => {
    const cost = costOf({ uniqueItems: true });
    const event = { a: Array.from({ length: 30_000 }, (_, id) => ({ id })), b: 'x' };
    const partial = measureEvent(event, { cost, ms: 2000 });
    expect(estimateValidationMs(cost, partial)).toBeGreaterThan(2000);
    expect(partial.nodes).toBeLessThan(10);
    expect(measureEvent(event, { cost, ms: 1e12 })).toEqual(measureEvent(event));
  });

  it('bounds an event from its text length alone at or above what measuring it finds', () => {
    const cost = costOf({
      uniqueItems: true,
      patternProperties: { '^a': {} },
      enum: [1, 2, 3],
      pattern: 'x{20}',
    });
    for (const event of [[1, 2, 3, 4], { a: 'xx', b: [{}, {}] }, 'text', [[[]]], {}]) {
      const text = JSON.stringify(event);
      expect(estimateValidationMs(cost, eventSizeBound(text.length))).toBeGreaterThanOrEqual(
        estimateValidationMs(cost, measureEvent(event)),
      );
    }
  });
});
