import type { StoredVersion } from '@schemagate/db';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { type VersionLoader, VersionViews } from '../src/services/version-views.ts';

/** A loader over an in-memory registry that counts what it is asked. */
function fakeLoader(versions: Record<string, number[]>) {
  const calls = { versions: 0, pointers: 0 };
  const stored = (registry: string, name: string, version: number): StoredVersion => ({
    registry,
    name,
    version,
    format: 'jsonschema',
    dialect: '2020-12',
    state: 'active',
    fingerprint: `${name}-${version}`,
    schemaUri: null,
    content: { type: 'object', title: `${name} v${version}` },
    metadata: {},
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
  const loader: VersionLoader = {
    async loadVersion(registry, name, version) {
      calls.versions++;
      await Promise.resolve();
      return versions[`${registry}/${name}`]?.includes(version) ? stored(registry, name, version) : undefined;
    },
    async loadPointers(registry, name) {
      calls.pointers++;
      await Promise.resolve();
      const numbers = versions[`${registry}/${name}`] ?? [];
      const latest = numbers.length ? Math.max(...numbers) : undefined;
      return { latest, usable: latest };
    },
    loadReferences: async () => [],
  };
  return { loader, calls, versions };
}

describe('VersionViews', () => {
  it('loads a version once, then answers it without a promise', async () => {
    const { loader, calls } = fakeLoader({ 'shop/a': [1, 2] });
    const views = new VersionViews(loader);
    const first = await views.get('shop', 'a', 'latest');
    expect(first.stored.version).toBe(2);
    expect(JSON.parse(first.body)).toMatchObject({ registry: 'shop', name: 'a', version: 2 });
    const again = views.get('shop', 'a', 'latest');
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toBe(first);
    expect(views.get('shop', 'a', 2)).toBe(first);
    expect(calls).toEqual({ versions: 1, pointers: 1 });
  });

  it('shares one load between concurrent misses', async () => {
    const { loader, calls } = fakeLoader({ 'shop/a': [1] });
    const views = new VersionViews(loader);
    const [x, y] = await Promise.all([views.get('shop', 'a', 1), views.get('shop', 'a', 1)]);
    expect(x).toBe(y);
    expect(calls.versions).toBe(1);
  });

  it('keeps nothing for names or versions that are not registered', async () => {
    const { loader, calls } = fakeLoader({ 'shop/a': [1] });
    const views = new VersionViews(loader);
    for (let i = 0; i < 100; i++) {
      await expect(views.get('shop', `made-up-${i}`, 'latest')).rejects.toMatchObject({ code: 'not_found' });
      await expect(views.get('other', `made-up-${i}`, 3)).rejects.toBeInstanceOf(AppError);
    }
    await expect(views.get('shop', 'a', 9)).rejects.toMatchObject({ code: 'not_found' });
    expect(views.size).toBe(0);
    // the pointers of a schema that exists survive a miss on one of its versions
    await views.get('shop', 'a', 'latest');
    const pointerLoads = calls.pointers;
    await expect(views.get('shop', 'a', 9)).rejects.toMatchObject({ code: 'not_found' });
    await views.get('shop', 'a', 'latest');
    expect(calls.pointers).toBe(pointerLoads);
  });

  it('drops a schema on invalidate, and a load that raced a write is not kept', async () => {
    const { loader, calls, versions } = fakeLoader({ 'shop/a': [1] });
    const views = new VersionViews(loader);
    await views.get('shop', 'a', 'latest');
    versions['shop/a'] = [1, 2];
    views.invalidate('shop', 'a');
    expect(views.size).toBe(0);
    expect((await views.get('shop', 'a', 'latest')).stored.version).toBe(2);

    const racing = views.get('shop', 'a', 1);
    views.invalidate('shop', 'a');
    expect((await racing).stored.version).toBe(1);
    expect(views.size).toBe(0);
    const loads = calls.versions;
    await views.get('shop', 'a', 1);
    expect(calls.versions).toBe(loads + 1);
  });

  it('evicts the least recently used views past its bound', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => i + 1);
    const { loader } = fakeLoader({ 'shop/a': numbers });
    const views = new VersionViews(loader, { max: 20 });
    for (const n of numbers.slice(0, 20)) await views.get('shop', 'a', n);
    // version 1 is used again, so it is no longer the oldest
    views.get('shop', 'a', 1);
    await views.get('shop', 'a', 21);
    expect(views.size).toBeLessThanOrEqual(20);
    expect(views.get('shop', 'a', 1)).not.toBeInstanceOf(Promise);
    expect(views.get('shop', 'a', 21)).not.toBeInstanceOf(Promise);
    expect(views.get('shop', 'a', 2)).toBeInstanceOf(Promise);
  });
});
