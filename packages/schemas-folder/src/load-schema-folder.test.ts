import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchema } from '@schemagate/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderSource } from './folder-source.ts';
import { type FolderContract, loadSchemaFolder } from './load-schema-folder.ts';
import { SchemaFolderError } from './schema-folder-error.ts';

const repoSchemas = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schemas');
const MONEY = 'https://schemas.shop.example/common/money.json';
const ADDRESS = 'https://schemas.shop.example/common/address.json';

describe('loadSchemaFolder on the repository schemas/', () => {
  let contracts: FolderContract[];
  beforeEach(async () => {
    contracts = await loadSchemaFolder(repoSchemas);
  });

  it('loads every contract with its format, config and examples', () => {
    expect(contracts.map((c) => `${c.registry}/${c.name}`).sort()).toEqual([
      'shop/com.shop.common.Address',
      'shop/com.shop.common.Money',
      'shop/com.shop.inventory.stock.adjusted',
      'shop/com.shop.orders@OrderPlaced',
      'shop/com.shop.payments@PaymentFailed',
      'shop/com.shop.shipping.shipment.dispatched',
    ]);
    const byName = new Map(contracts.map((c) => [c.name, c]));
    expect(byName.get('com.shop.payments@PaymentFailed')?.format).toBe('openapi3');
    expect(byName.get('com.shop.orders@OrderPlaced')?.format).toBe('jsonschema');
    expect(byName.get('com.shop.orders@OrderPlaced')?.config).toEqual({
      compatibility: 'BACKWARD',
      policy: 'strict',
    });
    expect(byName.get('com.shop.common.Address')?.config).toBeUndefined();
    expect(byName.get('com.shop.orders@OrderPlaced')?.references).toEqual([ADDRESS, MONEY]);
    for (const contract of contracts) {
      expect(contract.examples.valid.length, contract.name).toBeGreaterThan(0);
      expect(contract.examples.invalid.length, contract.name).toBeGreaterThan(0);
    }
    expect(byName.get('com.shop.common.Money')?.examples.valid[0]?.file).toBe(
      join('shop', 'com.shop.common.Money', 'examples', 'valid', 'euro-price.json'),
    );
  });

  it('puts a referenced schema before the schemas that reference it', () => {
    const position = (name: string) => contracts.findIndex((c) => c.name === name);
    expect(position('com.shop.common.Money')).toBeLessThan(position('com.shop.orders@OrderPlaced'));
    expect(position('com.shop.common.Address')).toBeLessThan(position('com.shop.orders@OrderPlaced'));
    expect(position('com.shop.common.Address')).toBeLessThan(
      position('com.shop.shipping.shipment.dispatched'),
    );
  });

  // The contracts are documentation: an example that does not do what its folder says would teach the wrong thing.
  it('has examples that really are valid and invalid for their schema', () => {
    const byId = new Map(contracts.filter((c) => c.id).map((c) => [c.id!, c.schema]));
    for (const contract of contracts) {
      const references = contract.references.map((uri) => ({ uri, schema: byId.get(uri) }));
      const validator = compileSchema({ format: contract.format, schema: contract.schema }, references);
      for (const example of contract.examples.valid) {
        expect(validator.validate(example.event), example.file).toBeNull();
      }
      for (const example of contract.examples.invalid) {
        expect(validator.validate(example.event), example.file).not.toBeNull();
      }
    }
  });
});

describe('loadSchemaFolder on hand-made folders', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-folder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function put(path: string, content: unknown) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  }

  it('orders a chain of references whatever the names, and filters by registry', async () => {
    await put('team/a/schema.json', { $id: 'urn:c', $ref: 'urn:b' });
    await put('team/b/schema.json', { $id: 'urn:b', $ref: 'urn:a' });
    await put('team/c/schema.json', { $id: 'urn:a', type: 'string' });
    await put('other/x/schema.json', { type: 'number' });
    await put('team/README.md', 'not a contract');
    await mkdir(join(dir, 'team', 'empty-folder'));
    const team = await loadSchemaFolder(dir, { registry: 'team' });
    expect(team.map((c) => c.name)).toEqual(['c', 'b', 'a']);
    expect((await loadSchemaFolder(dir)).map((c) => `${c.registry}/${c.name}`)).toEqual([
      'other/x',
      'team/c',
      'team/b',
      'team/a',
    ]);
  });

  it('keeps contracts in a reference cycle, in name order', async () => {
    await put('team/b/schema.json', { $id: 'urn:b', $ref: 'urn:a' });
    await put('team/a/schema.json', { $id: 'urn:a', $ref: 'urn:b' });
    await put('team/z/schema.json', { type: 'string' });
    expect((await loadSchemaFolder(dir)).map((c) => c.name)).toEqual(['z', 'a', 'b']);
  });

  it('names the file that is not JSON', async () => {
    await put('team/a/schema.json', { type: 'object' });
    await put('team/a/examples/valid/broken.json', '{"orderId": ');
    const error = await loadSchemaFolder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaFolderError);
    expect((error as SchemaFolderError).path).toBe(join(dir, 'team/a/examples/valid/broken.json'));
  });

  it('refuses a config.json with an unknown mode', async () => {
    await put('team/a/schema.json', { type: 'object' });
    await put('team/a/config.json', { compatibility: 'BACKWARDS' });
    const error = (await loadSchemaFolder(dir).catch((e: unknown) => e)) as SchemaFolderError;
    expect(error).toBeInstanceOf(SchemaFolderError);
    expect(error.message).toContain('compatibility');
  });

  it('refuses a folder name the registry would not accept', async () => {
    await put('team/orders placed/schema.json', { type: 'object' });
    await expect(loadSchemaFolder(dir)).rejects.toThrow(/schema name/);
  });

  it('carries the schema text and its path, examples only when asked', async () => {
    const text = '{\n  "type": "object"\n}\n';
    await put('team/a/schema.json', text);
    await put('team/a/examples/valid/one.json', {});
    const [contract] = await loadSchemaFolder(dir);
    expect(contract?.text).toBe(text);
    expect(contract?.schemaFile).toBe(join('team', 'a', 'schema.json'));
    expect(contract?.examples.valid.map((e) => e.file)).toEqual([
      join('team', 'a', 'examples', 'valid', 'one.json'),
    ]);
    const [bare] = await loadSchemaFolder(dir, { examples: false });
    expect(bare?.examples).toEqual({ valid: [], invalid: [] });
    expect(bare?.schema).toEqual({ type: 'object' });
  });

  it('says when the folder or the registry is missing', async () => {
    await expect(loadSchemaFolder(join(dir, 'nope'))).rejects.toBeInstanceOf(SchemaFolderError);
    await expect(loadSchemaFolder(dir, { registry: 'shop' })).rejects.toThrow(/no such registry/);
  });
});

describe('loadSchemaFolder through another source', () => {
  // A folder held in memory, keyed by the paths the loader asks for.
  function memorySource(files: Record<string, unknown>): FolderSource & { asked: string[] } {
    const asked: string[] = [];
    const paths = Object.keys(files);
    return {
      asked,
      async list(path) {
        asked.push(path);
        const below = paths.filter((p) => p.startsWith(`${path}/`)).map((p) => p.slice(path.length + 1));
        if (below.length === 0) return undefined;
        return {
          folders: [...new Set(below.filter((p) => p.includes('/')).map((p) => p.split('/')[0]!))],
          files: below.filter((p) => !p.includes('/')),
        };
      },
      async readText(path) {
        asked.push(path);
        const content = files[path];
        return content === undefined ? undefined : JSON.stringify(content);
      },
    };
  }

  it('reads schemas, config and examples from it, and nothing from disk', async () => {
    const source = memorySource({
      'at/shop/money/schema.json': { $id: 'urn:money', type: 'object' },
      'at/shop/money/config.json': { compatibility: 'FULL' },
      'at/shop/order/schema.json': { $ref: 'urn:money' },
      'at/shop/order/examples/invalid/empty.json': {},
      'at/shop/.hidden/schema.json': { type: 'string' },
    });
    const contracts = await loadSchemaFolder('at', { source });
    expect(contracts.map((c) => [c.name, c.config?.compatibility, c.references])).toEqual([
      ['money', 'FULL', []],
      ['order', undefined, ['urn:money']],
    ]);
    expect(contracts[1]?.examples.invalid).toEqual([
      { file: join('shop', 'order', 'examples', 'invalid', 'empty.json'), event: {} },
    ]);
    expect(source.asked.every((path) => path.startsWith('at'))).toBe(true);
  });

  it('names the file of the source that is at fault', async () => {
    const source = memorySource({
      'at/shop/a/schema.json': {},
      'at/shop/a/config.json': { policy: 'loose' },
    });
    const error = (await loadSchemaFolder('at', { source }).catch((e: unknown) => e)) as SchemaFolderError;
    expect(error).toBeInstanceOf(SchemaFolderError);
    expect(error.path).toBe(join('at', 'shop', 'a', 'config.json'));
  });
});
