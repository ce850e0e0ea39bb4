import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruCache } from './index.ts';

/** The model: entries in order of use, oldest first, and the evictions seen. */
class Model {
  entries: Array<[number, string]> = [];
  evicted: Array<[number, string]> = [];
  constructor(readonly max: number) {}
  #take(key: number): [number, string] | undefined {
    const index = this.entries.findIndex(([k]) => k === key);
    return index < 0 ? undefined : this.entries.splice(index, 1)[0];
  }
  get(key: number) {
    const entry = this.#take(key);
    if (entry) this.entries.push(entry);
    return entry?.[1];
  }
  peek(key: number) {
    return this.entries.find(([k]) => k === key)?.[1];
  }
  set(key: number, value: string) {
    this.#take(key);
    this.entries.push([key, value]);
    if (this.entries.length > this.max) this.evicted.push(this.entries.shift()!);
  }
  delete(key: number) {
    return this.#take(key) !== undefined;
  }
}

const command = fc.oneof(
  fc.record({ op: fc.constant('get' as const), key: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('peek' as const), key: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 7 }), value: fc.string() }),
  fc.record({ op: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('clear' as const) }),
);

describe('LruCache', () => {
  it('behaves as the model of a least-recently-used list', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(command, { maxLength: 60 }), (max, commands) => {
        const evicted: Array<[number, string]> = [];
        const cache = new LruCache<number, string>({
          max,
          onEvict: (key, value) => evicted.push([key, value]),
        });
        const model = new Model(max);
        for (const c of commands) {
          if (c.op === 'get') expect(cache.get(c.key)).toBe(model.get(c.key));
          else if (c.op === 'peek') expect(cache.peek(c.key)).toBe(model.peek(c.key));
          else if (c.op === 'set') {
            cache.set(c.key, c.value);
            model.set(c.key, c.value);
          } else if (c.op === 'delete') expect(cache.delete(c.key)).toBe(model.delete(c.key));
          else {
            cache.clear();
            model.entries = [];
          }
          expect(cache.size).toBe(model.entries.length);
          expect([...cache.keys()]).toEqual(model.entries.map(([key]) => key));
          expect([...cache.values()]).toEqual(model.entries.map(([, value]) => value));
          expect(cache.size).toBeLessThanOrEqual(max);
        }
        expect(evicted).toEqual(model.evicted);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps an undefined value as present, and deletes by predicate', () => {
    const cache = new LruCache<string, number | undefined>({ max: 3 });
    cache.set('a', undefined).set('b', 2).set('c', 3);
    expect(cache.has('a')).toBe(true);
    cache.get('a');
    cache.set('d', 4);
    expect([...cache.keys()]).toEqual(['c', 'a', 'd']);
    cache.deleteWhere((key, value) => key === 'a' || value === 4);
    expect([...cache.keys()]).toEqual(['c']);
  });

  it('refuses a bound that is not a positive integer', () => {
    for (const max of [0, -1, 1.5, Number.NaN]) expect(() => new LruCache({ max })).toThrow(RangeError);
  });

  it('takes constant time per operation at any size', () => {
    const time = (size: number) => {
      const cache = new LruCache<number, number>({ max: size });
      for (let i = 0; i < size; i++) cache.set(i, i);
      const started = performance.now();
      for (let i = 0; i < 100_000; i++) {
        cache.get(i % size);
        cache.set(size + i, i);
      }
      return performance.now() - started;
    };
    time(1000);
    // a scan per eviction would make the large cache ~100 times slower
    expect(time(100_000)).toBeLessThan(time(1000) * 10 + 50);
  });
});
