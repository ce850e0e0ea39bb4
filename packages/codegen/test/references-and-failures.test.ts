/**
 * Gaps real registries found: a relative `$ref` resolved against the schema's `$id` to another registered schema
 * (as json.schemastore.org's schemas do), and a codegen run that meets a schema it cannot generate.
 */
import { join } from 'node:path';
import { compileSchema, fingerprint } from '@schemagate/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BindingInput, generateBindings, withReferences } from '../src/index.ts';
import { removeGenerated, typecheck, writeGenerated } from './generated-output.ts';

const draft7 = 'http://json-schema.org/draft-07/schema#';
// the shape of json.schemastore.org's schemas: definitions shared through a sibling document, named relatively
const base = {
  $schema: draft7,
  $id: 'https://json.schemastore.org/base.json',
  definitions: { path: { type: 'string', pattern: '^[./]' } },
};
const tool = {
  $schema: draft7,
  $id: 'https://json.schemastore.org/tool.json',
  type: 'object',
  required: ['specversion', 'type', 'data'],
  properties: {
    specversion: { const: '1.0' },
    type: { const: 'org.schemastore.tool.configured' },
    data: {
      type: 'object',
      required: ['root'],
      properties: { root: { $ref: 'base.json#/definitions/path' } },
    },
  },
};
const broken = {
  $schema: draft7,
  $id: 'https://json.schemastore.org/broken.json',
  properties: { x: { $ref: 'missing.json#/definitions/x' } },
};
const input = (name: string, schema: unknown): BindingInput => ({
  registry: 'schemastore',
  name,
  version: 1,
  fingerprint: fingerprint(schema),
  format: 'jsonschema',
  schema,
});

interface Generated {
  schemaBindings: Record<string, { check(event: unknown): Array<{ path: string; keyword: string }> }>;
}

afterAll(() => removeGenerated('relative-refs'));

describe('codegen of a registry with relative $refs and a schema that cannot be generated', () => {
  it('resolves a relative $ref against the $id, writes every binding it can and names the one it cannot', async () => {
    // a second schema reaching the same untitled document: each binding names its own type for it
    const other = { ...tool, $id: 'https://json.schemastore.org/other.json' };
    const inputs = withReferences([
      input('base', base),
      input('tool', tool),
      input('other', other),
      input('broken', broken),
    ]);
    expect(inputs.find((i) => i.name === 'tool')?.references).toEqual([{ uri: base.$id, schema: base }]);

    await expect(generateBindings(inputs)).rejects.toThrow(/missing\.json/);
    const { files, failures } = await generateBindings(inputs, { keepGoing: true });
    expect(failures).toEqual([
      {
        registry: 'schemastore',
        name: 'broken',
        version: 1,
        code: 'unresolved_reference',
        reason: 'unresolved references: https://json.schemastore.org/missing.json',
      },
    ]);

    const dir = await writeGenerated('relative-refs', files);
    expect(typecheck(dir).output).toBe('');
    const generated = (await import(join(dir, 'index.ts'))) as Generated;
    expect(Object.keys(generated.schemaBindings).sort()).toEqual(['base', 'other', 'tool']);
    // the generated validator judges as the registry's compiled one does
    const server = compileSchema(inputs.find((i) => i.name === 'tool')!, [{ uri: base.$id, schema: base }]);
    for (const root of ['./src', 'src', 42]) {
      const event = { specversion: '1.0', type: 'org.schemastore.tool.configured', data: { root } };
      const issues = generated.schemaBindings.tool!.check(event).map((e) => `${e.path} ${e.keyword}`);
      expect(issues).toEqual((server.validate(event) ?? []).map((e) => `${e.path} ${e.keyword}`));
    }
    expect(
      generated.schemaBindings.tool!.check({ specversion: '1.0', type: 'x', data: { root: 'src' } }),
    ).toEqual([
      expect.objectContaining({ path: '/type', keyword: 'const' }),
      expect.objectContaining({ path: '/data/root', keyword: 'pattern' }),
    ]);
  }, 60_000);
});
