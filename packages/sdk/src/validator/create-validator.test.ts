import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CachedVersion, createValidator, type ValidatorOptions } from './create-validator.ts';

const orderSchema = {
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: { const: 'shop' },
    'detail-type': { const: 'OrderPlaced' },
    detail: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
  },
};
const order = { source: 'shop', 'detail-type': 'OrderPlaced', detail: { orderId: 'o1' } };

/** An in-memory registry speaking the client's getVersion/listAllSchemas, with ETags and an off switch. */
function fakeRegistry() {
  const versions: CachedVersion[] = [
    {
      registry: 'shop',
      name: 'shop@OrderPlaced',
      version: 1,
      state: 'active',
      fingerprint: 'f1',
      format: 'jsonschema',
      schema: orderSchema,
    },
  ];
  const calls: string[] = [];
  const registry = {
    down: false,
    calls,
    versions,
    client: {
      async getVersion(
        r: string,
        name: string,
        v: number | 'latest' = 'latest',
        o: { ifNoneMatch?: string | undefined } = {},
      ) {
        calls.push(`get ${name} ${v} ${o.ifNoneMatch ?? '-'}`);
        if (registry.down) throw new Error('ECONNREFUSED');
        const found = versions
          .filter((x) => x.registry === r && x.name === name && (v === 'latest' || x.version === v))
          .at(-1)!;
        const etag = `"${found.fingerprint}"`;
        if (o.ifNoneMatch === etag) return { notModified: true as const, etag };
        return { notModified: false as const, etag, version: found as never };
      },
      async *listAllSchemas(r: string) {
        calls.push(`list ${r}`);
        if (registry.down) throw new Error('ECONNREFUSED');
        for (const name of new Set(versions.filter((x) => x.registry === r).map((x) => x.name)))
          yield { name } as never;
      },
      // The client's getVersion is overloaded; one body serves both overloads.
    } as unknown as NonNullable<ValidatorOptions['client']>,
  };
  return registry;
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('createValidator', () => {
  it('refuses ±Infinity and NaN before routing, one issue per number, as the registry does', async () => {
    const registry = fakeRegistry();
    const validator = createValidator({ url: 'unused', registry: 'shop', client: registry.client });
    // `1e400` is what JSON.parse reads as Infinity; the schema alone would take the event
    const event = JSON.parse(
      '{"source":"shop","detail-type":"OrderPlaced","detail":{"orderId":"o1","total":1e400,"n":[-1e999]}}',
    );
    expect(await validator.validate(event)).toEqual({
      valid: false,
      registry: 'shop',
      schema: null,
      version: null,
      errors: [
        {
          path: '/detail/total',
          keyword: 'number_out_of_range',
          message: expect.stringMatching(/beyond what a 64-bit float holds.*reads as Infinity/),
          schemaPath: '',
        },
        {
          path: '/detail/n/0',
          keyword: 'number_out_of_range',
          message: expect.stringMatching(/reads as -Infinity/),
          schemaPath: '',
        },
      ],
    });
    expect(
      await validator.validate({ ...order, detail: { orderId: Number.NaN } }, { schema: 'shop@OrderPlaced' }),
    ).toMatchObject({ valid: false, errors: [{ path: '/detail/orderId', keyword: 'number_out_of_range' }] });
    // refused without asking the registry
    expect(registry.calls).toEqual([]);
  });

  it('routes, validates locally, caches within the TTL and revalidates with the ETag after it', async () => {
    const registry = fakeRegistry();
    let clock = 0;
    const validator = createValidator({
      url: 'unused',
      registry: 'shop',
      ttlMs: 1000,
      client: registry.client,
      now: () => clock,
    });
    expect(await validator.validate(order)).toEqual({
      valid: true,
      registry: 'shop',
      schema: 'shop@OrderPlaced',
      version: 1,
      errors: [],
    });
    expect(await validator.validate({ ...order, detail: {} })).toMatchObject({
      valid: false,
      version: 1,
      errors: [{ path: '/detail/orderId', keyword: 'required' }],
    });
    expect(registry.calls).toEqual(['list shop', 'get shop@OrderPlaced latest -']);

    clock = 1500;
    await validator.validate(order, { schema: 'shop@OrderPlaced' });
    expect(registry.calls.at(-1)).toBe('get shop@OrderPlaced latest "f1"');

    registry.versions.push({
      ...registry.versions[0]!,
      version: 2,
      fingerprint: 'f2',
      schema: { ...orderSchema, required: ['source'] },
    });
    clock = 3000;
    expect(await validator.validate({ source: 'shop' }, { schema: 'shop@OrderPlaced' })).toMatchObject({
      valid: true,
      version: 2,
    });
  });

  it('keeps working from a stale copy, then from a snapshot file, when the registry is down', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-validator-'));
    const snapshotFile = join(dir, 'snapshot.json');
    const registry = fakeRegistry();
    let clock = 0;
    const first = createValidator({
      url: 'unused',
      registry: 'shop',
      ttlMs: 10,
      client: registry.client,
      now: () => clock,
      snapshotFile,
    });
    await first.validate(order);
    await first.saveSnapshot();

    registry.down = true;
    clock = 100;
    expect(await first.validate(order)).toMatchObject({ valid: true, version: 1 });

    const fresh = createValidator({ url: 'unused', registry: 'shop', client: registry.client, snapshotFile });
    expect(await fresh.validate(order)).toMatchObject({
      valid: true,
      schema: 'shop@OrderPlaced',
      version: 1,
    });
    expect(await fresh.validate({ ...order, detail: 1 })).toMatchObject({
      valid: false,
      errors: [{ keyword: 'type' }],
    });

    const blind = createValidator({ url: 'unused', registry: 'shop', client: registry.client });
    await expect(blind.validate(order)).rejects.toThrow('ECONNREFUSED');
  });

  it('keeps at most max versions compiled', async () => {
    const registry = fakeRegistry();
    registry.versions.push({ ...registry.versions[0]!, name: 'shop@Other', fingerprint: 'o1' });
    const validator = createValidator({ url: 'unused', registry: 'shop', max: 1, client: registry.client });
    await validator.validate(order, { schema: 'shop@OrderPlaced' });
    await validator.validate(order, { schema: 'shop@Other' });
    await validator.validate(order, { schema: 'shop@OrderPlaced' });
    expect(registry.calls.filter((c) => c.startsWith('get shop@OrderPlaced'))).toHaveLength(2);
  });
});
