import { describe, expect, it } from 'vitest';
import { compileSchema, ValidatorCache, validatorKey, validatorKeyPrefix } from './index.ts';

const load = (required: string) => () => ({
  input: { format: 'jsonschema' as const, schema: { type: 'object', required: [required] } },
});

describe('ValidatorCache', () => {
  it('compiles once per key and reuses the validator', () => {
    const cache = new ValidatorCache();
    let loads = 0;
    const key = validatorKey('default', 'orders@Placed', 1, 'abc');
    const loader = () => {
      loads += 1;
      return load('id')();
    };
    const first = cache.getOrCompile(key, loader);
    expect(cache.getOrCompile(key, loader)).toBe(first);
    expect(cache.get(key)).toBe(first);
    expect(loads).toBe(1);
    expect(first.validate({})).not.toBeNull();
  });

  it('drops the least recently used validator beyond its bound', () => {
    const cache = new ValidatorCache({ max: 2 });
    cache.getOrCompile('a', load('a'));
    cache.getOrCompile('b', load('b'));
    cache.get('a');
    cache.getOrCompile('c', load('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('does not cache a failed compile', () => {
    const cache = new ValidatorCache();
    const broken = () => ({ input: { format: 'jsonschema' as const, schema: { type: 'nope' } } });
    expect(() => cache.getOrCompile('x', broken)).toThrow();
    expect(cache.size).toBe(0);
  });

  it('deletes every version of one schema by key prefix, and no other schema', () => {
    const cache = new ValidatorCache();
    const keys = [
      validatorKey('default', 'orders', 1, 'f1'),
      validatorKey('default', 'orders', 2, 'f2'),
      validatorKey('default', 'orders.v2', 1, 'f3'),
      validatorKey('team', 'orders', 1, 'f1'),
    ];
    for (const key of keys) cache.getOrCompile(key, load('id'));
    const prefix = validatorKeyPrefix('default', 'orders');
    cache.deleteWhere((key) => key.startsWith(prefix));
    expect(keys.map((key) => cache.get(key) !== undefined)).toEqual([false, false, true, true]);
    cache.deleteWhere((key) => key.startsWith(validatorKeyPrefix('team')));
    expect(cache.size).toBe(1);
  });

  it('keeps a validator compiled elsewhere, within its bound', () => {
    const cache = new ValidatorCache({ max: 2 });
    const compiled = compileSchema(load('a')().input);
    cache.set('k1', compiled);
    expect(
      cache.getOrCompile('k1', () => {
        throw new Error('not compiled again');
      }),
    ).toBe(compiled);
    cache.set('k1', compiled);
    cache.set('k2', compileSchema(load('b')().input));
    expect(cache.size).toBe(2);
    cache.set('k3', compileSchema(load('c')().input));
    expect(cache.size).toBe(2);
  });

  it('keys differ whenever any part differs, even with separators in names', () => {
    expect(validatorKey('a', 'b/c', 1, 'f')).not.toBe(validatorKey('a/b', 'c', 1, 'f'));
    expect(validatorKey('a', 'b', 1, 'f')).not.toBe(validatorKey('a', 'b', 1, 'g'));
  });
});
