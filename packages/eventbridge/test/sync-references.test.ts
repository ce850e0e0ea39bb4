import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryRegistryPort } from '../src/sync/in-memory-registry-port.ts';
import { type SchemaFormat, UNRESOLVED_REFERENCE } from '../src/sync/registry-port.ts';
import { createSyncFixture, type SyncFixture } from './sync-fixture.ts';

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

/** Every `$ref` of a document that is not a local `#` pointer. */
function externalRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) externalRefs(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) found.push(value);
      else externalRefs(value, found);
    }
  }
  return found;
}

const idOf = (schema: unknown) =>
  (schema as { id?: string; $id?: string }).$id ?? (schema as { id?: string }).id;

/** An in-memory registry that, like schemagate, refuses a `$ref` to an `$id` it does not hold yet. */
class ReferenceCheckingPort extends InMemoryRegistryPort {
  override async register(
    registry: string,
    name: string,
    input: { format: SchemaFormat; schema: unknown; metadata?: Record<string, unknown> },
  ) {
    const known = new Set<string>();
    for (const versions of this.registries.get(registry)?.values() ?? []) {
      for (const version of versions) {
        const id = idOf(version.schema);
        if (id) known.add(id);
      }
    }
    const missing = externalRefs(input.schema).filter((ref) => !known.has(ref));
    if (missing.length > 0) {
      throw Object.assign(new Error(`A $ref cannot be resolved: ${missing.join(', ')}`), {
        code: UNRESOLVED_REFERENCE,
        status: 422,
      });
    }
    return super.register(registry, name, input);
  }
}

describe('pull of schemas that reference each other by $id', () => {
  let fx: SyncFixture;
  let port: ReferenceCheckingPort;
  beforeEach(async () => {
    fx = await createSyncFixture();
    port = new ReferenceCheckingPort();
  });
  afterEach(async () => {
    await fx.close();
  });

  const seed = (name: string, schema: Record<string, unknown>) =>
    fx.emulator.state.store.seedVersion(
      'shop',
      name,
      'JSONSchemaDraft4',
      JSON.stringify({ $schema: DRAFT_04, ...schema }),
    );

  it('registers a chain of references in one run, whatever order the names put them in', async () => {
    // a needs b, b needs c: alphabetical order is exactly the wrong one
    seed('a@Invoice', { id: 'urn:invoice', properties: { order: { $ref: 'urn:order' } } });
    seed('b@Order', { id: 'urn:order', properties: { total: { $ref: 'urn:money' } } });
    seed('c@Money', { id: 'urn:money', type: 'integer' });
    seed('c@Money', { id: 'urn:money', type: 'integer', minimum: 0 });
    const progress: Array<[string, number, number]> = [];

    const result = await fx.sync({
      registry: 'shop',
      direction: 'pull',
      port,
      concurrency: 1,
      onProgress: ({ schema, done, total }) => progress.push([schema, done, total]),
    });
    expect(result).toMatchObject({ created: 4, updated: 0, errors: [], conflicts: [] });
    expect(result.actions.map((a) => [a.schema, a.eventbridgeVersion, a.kind])).toEqual([
      ['a@Invoice', '1', 'create'],
      ['b@Order', '1', 'create'],
      ['c@Money', '1', 'create'],
      ['c@Money', '2', 'create'],
    ]);
    expect(progress).toEqual([
      ['c@Money', 1, 3],
      ['b@Order', 2, 3],
      ['a@Invoice', 3, 3],
    ]);

    const again = await fx.sync({ registry: 'shop', direction: 'pull', port });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, errors: [] });
  });

  it('keeps the versions before an unresolved one and adds the rest on a later pass', async () => {
    seed('a@Order', { id: 'urn:order', type: 'object' });
    seed('a@Order', { id: 'urn:order', properties: { total: { $ref: 'urn:money' } } });
    seed('m@Money', { id: 'urn:money', type: 'integer' });

    const result = await fx.sync({ registry: 'shop', direction: 'pull', port, concurrency: 1 });
    expect(result).toMatchObject({ created: 2, updated: 1, errors: [] });
    expect((await port.listVersions('shop', 'a@Order')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('reports a reference nothing in the registry resolves, once, and pulls the rest', async () => {
    seed('a@Broken', { properties: { x: { $ref: 'urn:nowhere' } } });
    seed('b@Fine', { type: 'object' });
    const progress: number[] = [];

    const result = await fx.sync({
      registry: 'shop',
      direction: 'pull',
      port,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(result.created).toBe(1);
    expect(result.errors).toEqual([
      { schema: 'a@Broken', message: 'A $ref cannot be resolved: urn:nowhere' },
    ]);
    expect(progress).toEqual([1, 2]);
  });
});
