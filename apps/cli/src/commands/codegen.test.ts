import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint } from '@schemagate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFromFolder } from './codegen.ts';

const repoSchemas = fileURLToPath(new URL('../../../../schemas', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/schemagate.js', import.meta.url));
const MONEY = 'https://schemas.shop.example/common/money.json';
const ADDRESS = 'https://schemas.shop.example/common/address.json';

describe('codegen --from: binding inputs from a schemas/ folder', () => {
  it('gives each schema of the repository the documents its $refs reach, as version local', async () => {
    const inputs = await loadFromFolder(repoSchemas, {});
    expect(inputs.map((input) => input.name).sort()).toEqual([
      'com.shop.common.Address',
      'com.shop.common.Money',
      'com.shop.inventory.stock.adjusted',
      'com.shop.orders@OrderPlaced',
      'com.shop.payments@PaymentFailed',
      'com.shop.shipping.shipment.dispatched',
    ]);
    const order = inputs.find((input) => input.name === 'com.shop.orders@OrderPlaced')!;
    expect(order.version).toBe('local');
    expect(order.fingerprint).toBe(fingerprint(order.schema));
    expect(order.references?.map((reference) => reference.uri)).toEqual([ADDRESS, MONEY]);
    expect(inputs.find((input) => input.name === 'com.shop.payments@PaymentFailed')?.format).toBe('openapi3');
  });

  it('keeps the references of the schemas --schema picks', async () => {
    const inputs = await loadFromFolder(repoSchemas, {
      registry: 'shop',
      schema: ['com.shop.orders@OrderPlaced'],
    });
    expect(inputs.map((input) => input.name)).toEqual(['com.shop.orders@OrderPlaced']);
    expect(inputs[0]?.references?.map((reference) => reference.uri)).toEqual([ADDRESS, MONEY]);
  });

  describe('on a hand-made folder', () => {
    let dir: string;
    const put = (file: string, value: unknown) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), JSON.stringify(value));
    };
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'sg-codegen-from-'));
      // c reaches a only through b; x's registry has no urn:a, so its $ref stays unresolved.
      put('one/c/schema.json', { $id: 'urn:c', $ref: 'urn:b' });
      put('one/b/schema.json', { $id: 'urn:b', $ref: 'urn:a' });
      put('one/a/schema.json', { $id: 'urn:a', type: 'string' });
      put('two/x/schema.json', { $ref: 'urn:a' });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('follows references transitively, within one registry only', async () => {
      const inputs = await loadFromFolder(dir, {});
      const referencesOf = (name: string) =>
        inputs.find((input) => input.name === name)?.references?.map((reference) => reference.uri);
      expect(referencesOf('c')).toEqual(['urn:a', 'urn:b']);
      expect(referencesOf('a')).toEqual([]);
      expect(referencesOf('x')).toEqual([]);
      expect((await loadFromFolder(dir, { registry: 'two' })).map((input) => input.name)).toEqual(['x']);
    });
  });
});

// The built CLI (dist/, `pnpm build`), run as a user runs it.
function codegen(args: string[], from = repoSchemas) {
  const result = spawnSync(process.execPath, [bin, 'codegen', '--from', from, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('codegen --lang', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'sg-codegen-lang-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes JavaScript bindings with declarations, and names the npm packages they need', () => {
    const js = path.join(out, 'js');
    const result = codegen(['--out', js, '--lang', 'js', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      schemas: 6,
      written: ['index.js', 'index.d.ts', 'validators.js', 'validators.d.ts'],
      unchanged: [],
      runtimeDependencies: [{ name: 'ajv-formats', reason: 'format uri' }],
      failures: [],
    });
    expect(readdirSync(js).sort()).toEqual(['index.d.ts', 'index.js', 'validators.d.ts', 'validators.js']);
    const index = readFileSync(path.join(js, 'index.js'), 'utf8');
    expect(index).toContain('export function isOrderPlaced(event) {');
    expect(index).toContain(
      '// Needs at run time these npm packages, and nothing of schemagate: ajv-formats (format uri).',
    );
    expect(readFileSync(path.join(js, 'index.d.ts'), 'utf8')).toContain(
      'export declare function isOrderPlaced(event: unknown): event is OrderPlaced;',
    );
  });

  it('writes TypeScript by default, and says in text what the files need at run time', () => {
    const ts = path.join(out, 'ts');
    const result = codegen(['--out', ts]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `6 schemas -> ${ts}: 3 written, 0 unchanged\nrun-time npm packages: ajv-formats (format uri)\n`,
    );
    expect(readdirSync(ts).sort()).toEqual(['index.ts', 'validators.d.ts', 'validators.js']);
  });

  it('refuses a language it does not write', () => {
    const result = codegen(['--out', path.join(out, 'rb'), '--lang', 'rb']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("argument 'rb' is invalid. Allowed choices are ts, js.");
  });
});

describe('codegen of a folder where one schema cannot be generated', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sg-codegen-partial-'));
    const put = (file: string, value: unknown) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), JSON.stringify(value));
    };
    const draft7 = 'http://json-schema.org/draft-07/schema#';
    // json.schemastore.org's shape: a relative $ref resolved against the $id to a sibling document
    put('store/base/schema.json', {
      $schema: draft7,
      $id: 'https://json.schemastore.org/base.json',
      definitions: { path: { type: 'string' } },
    });
    put('store/tool/schema.json', {
      $schema: draft7,
      $id: 'https://json.schemastore.org/tool.json',
      properties: { root: { $ref: 'base.json#/definitions/path' } },
    });
    put('store/broken/schema.json', {
      $schema: draft7,
      $id: 'https://json.schemastore.org/broken.json',
      properties: { x: { $ref: 'missing.json#/definitions/x' } },
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every binding it can, names the schema it cannot and why, and exits 1', () => {
    const out = path.join(dir, 'out');
    const result = codegen(['--out', out], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`2 schemas -> ${out}: 3 written`);
    expect(result.stderr).toBe(
      'not generated: store/broken version local: unresolved references: https://json.schemastore.org/missing.json\n',
    );
    const index = readFileSync(path.join(out, 'index.ts'), 'utf8');
    expect(index).toContain('"tool": {');
    expect(index).not.toContain('"broken"');

    const json = codegen(['--out', out, '--format', 'json'], dir);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      schemas: 2,
      failures: [{ registry: 'store', name: 'broken', version: 'local', code: 'unresolved_reference' }],
    });
  });
});
