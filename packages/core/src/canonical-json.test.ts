import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint } from './index.ts';

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, seed));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const rotated = entries
    .slice(seed % (entries.length || 1))
    .concat(entries.slice(0, seed % (entries.length || 1)));
  const result: Record<string, unknown> = {};
  for (const [key, item] of rotated.reverse()) {
    Object.defineProperty(result, key, {
      value: shuffleKeys(item, seed + 1),
      enumerable: true,
      writable: true,
    });
  }
  return result;
}

describe('canonicalJson and fingerprint', () => {
  it('sort keys at every level and keep array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('ignore key order but not values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        const shuffled = shuffleKeys(value, seed);
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(fingerprint(shuffled)).toBe(fingerprint(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });

  it('keep __proto__ keys as data', () => {
    const value = JSON.parse('{"__proto__":{"a":1},"b":2}');
    expect(canonicalJson(value)).toBe('{"__proto__":{"a":1},"b":2}');
    expect(fingerprint(value)).not.toBe(fingerprint({ b: 2 }));
  });

  it('fingerprint is the sha256 hex of the canonical text', () => {
    expect(fingerprint({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
