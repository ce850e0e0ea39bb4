import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLink } from '../src/sync/eventbridge-link.ts';
import { createHttpRegistryPort, type RegistryHttpClient } from '../src/sync/http-registry-port.ts';
import { InMemoryRegistryPort } from '../src/sync/in-memory-registry-port.ts';
import { syncEventBridge } from '../src/sync/sync-eventbridge.ts';
import { createSyncFixture, draft04Schema, type SyncFixture } from './sync-fixture.ts';

/**
 * Answers like the SDK's client would (404s carry `status`, reads wrap the version), over an
 * in-memory registry. The real server is not started here: this checks the adapter's mapping only.
 */
function sdkShapedClient(
  backing: InMemoryRegistryPort,
): RegistryHttpClient & { calls: string[]; registryBodies: unknown[] } {
  const calls: string[] = [];
  const registryBodies: unknown[] = [];
  const notFound = () => Object.assign(new Error('not found'), { status: 404, code: 'not_found' });
  return {
    calls,
    registryBodies,
    async getRegistry(registry) {
      calls.push('getRegistry');
      if (!backing.registries.has(registry)) throw notFound();
      return { name: registry };
    },
    async putRegistry(registry, body) {
      calls.push('putRegistry');
      registryBodies.push(body);
      await backing.ensureRegistry(registry);
      return {};
    },
    async *listAllSchemas(registry) {
      calls.push('listAllSchemas');
      if (!backing.registries.has(registry)) throw notFound();
      for (const name of await backing.listSchemas(registry)) yield { name };
    },
    async listVersions(registry, name) {
      calls.push('listVersions');
      if (!backing.registries.get(registry)?.has(name)) throw notFound();
      return { items: await backing.listVersions(registry, name) };
    },
    async getVersion(registry, name, version) {
      calls.push('getVersion');
      return { version: await backing.getVersion(registry, name, version) };
    },
    async registerVersion(registry, name, body) {
      calls.push('registerVersion');
      const { version, created } = await backing.register(registry, name, {
        format: body.format ?? 'jsonschema',
        schema: body.schema,
        metadata: body.metadata ?? {},
      });
      return { created, result: { version } };
    },
    async patchVersion(registry, name, version, body) {
      calls.push('patchVersion');
      await backing.updateMetadata(registry, name, version, body.metadata ?? {});
      return {};
    },
  };
}

describe('createHttpRegistryPort', () => {
  let fx: SyncFixture;
  beforeEach(async () => {
    fx = await createSyncFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('reads a missing registry or schema as empty and creates the registry on first write', async () => {
    const backing = new InMemoryRegistryPort();
    const client = sdkShapedClient(backing);
    const port = createHttpRegistryPort(client);
    expect(await port.listSchemas('shop')).toEqual([]);
    expect(await port.listVersions('shop', 'Nope')).toEqual([]);
    await port.ensureRegistry('shop');
    await port.ensureRegistry('shop');
    expect(client.calls.filter((c) => c === 'putRegistry')).toHaveLength(1);
    expect(client.registryBodies).toEqual([expect.objectContaining({ compatibility: 'NONE' })]);
  });

  it('rethrows failures other than 404, so the sync reports them per schema', async () => {
    const backing = new InMemoryRegistryPort();
    const client = sdkShapedClient(backing);
    client.registerVersion = async () => {
      throw Object.assign(new Error('Incompatible schema: TYPE_NARROWED at /properties/id'), { status: 409 });
    };
    fx.emulator.state.store.seedVersion(
      'shop',
      'OrderPlaced',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('OrderPlaced', 1)),
    );
    const result = await syncEventBridge({
      registry: 'shop',
      direction: 'pull',
      client: fx.client,
      port: createHttpRegistryPort(client),
      retry: fx.retry,
    });
    expect(result.errors).toEqual([
      { schema: 'OrderPlaced', message: 'Incompatible schema: TYPE_NARROWED at /properties/id' },
    ]);
  });

  it('carries a pull and a push through the SDK-shaped client with metadata intact', async () => {
    const backing = new InMemoryRegistryPort();
    const port = createHttpRegistryPort(sdkShapedClient(backing));
    fx.emulator.state.store.seedVersion(
      'shop',
      'FromAws',
      'JSONSchemaDraft4',
      JSON.stringify(draft04Schema('FromAws', 1)),
    );
    await backing.ensureRegistry('shop');
    await backing.register('shop', 'FromUs', {
      format: 'jsonschema',
      schema: draft04Schema('FromUs', 1),
      metadata: { team: 'a' },
    });

    const result = await syncEventBridge({
      registry: 'shop',
      direction: 'both',
      client: fx.client,
      port,
      retry: fx.retry,
    });
    expect(result).toMatchObject({ created: 2, errors: [], conflicts: [] });
    const [pushed] = await port.listVersions('shop', 'FromUs');
    expect(pushed?.metadata.team).toBe('a');
    expect(readLink(pushed!)?.origin).toBe('push');
    expect(readLink((await port.listVersions('shop', 'FromAws'))[0]!)?.origin).toBe('pull');
  });
});
