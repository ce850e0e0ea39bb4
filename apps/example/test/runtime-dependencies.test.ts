/**
 * Bindings the example regenerates from the registry (`pnpm generate`) import what codegen names in their header:
 * a contract with a pattern that only re2js runs safely makes them import `re2js`. The example declares every
 * package codegen can name, so such bindings load from its own folder (pnpm gives a package only what it
 * declares) and judge events.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateBindings } from '@schemagate/codegen';
import { afterAll, describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

// overlapping alternatives under a star: a backtracking engine may take exponential time, so codegen runs it on re2js
const TAG_PATTERN = '(a|ab)*c';
const input = {
  registry: 'shop',
  name: 'com.shop.catalog@SkuTagged',
  version: 1,
  fingerprint: 'test',
  format: 'jsonschema' as const,
  schema: {
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      source: { const: 'com.shop.catalog' },
      'detail-type': { const: 'SkuTagged' },
      detail: {
        type: 'object',
        required: ['tag'],
        properties: { tag: { type: 'string', pattern: TAG_PATTERN }, url: { type: 'string', format: 'uri' } },
      },
    },
  },
};

describe('the packages generated bindings need at run time', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('are declared by the example, and bindings that import them load from its folder', async () => {
    const { files, runtimeDependencies, failures } = await generateBindings([input]);
    expect(failures).toEqual([]);
    const needed = runtimeDependencies.map((dependency) => dependency.name);
    // every package codegen names (runtimeDependencies in packages/codegen)
    expect(needed.sort()).toEqual(['ajv-formats', 're2js']);
    const manifest = JSON.parse(await readFile(join(exampleDir, 'package.json'), 'utf8'));
    for (const name of needed) expect(manifest.dependencies, name).toHaveProperty(name);

    // inside the example's folder, so that its imports resolve as the example's own bindings' do
    dir = await mkdtemp(join(exampleDir, 'src', '.generated-test-'));
    for (const file of files) await writeFile(join(dir, file.path), file.contents);
    const bindings = await import(pathToFileURL(join(dir, 'index.ts')).href);
    const binding = Object.values(bindings.schemaBindings as Record<string, { is(e: unknown): boolean }>)[0]!;
    const event = (tag: string) => ({
      source: 'com.shop.catalog',
      'detail-type': 'SkuTagged',
      detail: { tag, url: 'https://shop.example/sku/1' },
    });
    expect(binding.is(event('abababc'))).toBe(true);
    expect(binding.is(event('abba'))).toBe(false);
  });
});
