import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileSchema, fingerprint, type ReferencedSchema } from '@schemagate/core';
import { describe, expect, it } from 'vitest';
import { loadRemotes, loadSuite, type SuiteDraft, type SuiteGroup } from '../../core/test/suite.ts';
import { type BindingInput, generateBindings } from '../src/index.ts';
import { removeGenerated, typecheck, writeGenerated } from './generated-output.ts';

const DRAFTS: SuiteDraft[] = ['draft4', 'draft7', 'draft2020-12'];

interface GeneratedModule {
  schemaBindings: Record<string, { check(event: unknown): unknown[]; is(event: unknown): boolean }>;
}

// The generated standalone validators must agree with core's runtime compileSchema (what the server runs) on
// every case of the suite: same verdict and same error list. Where compileSchema refuses a schema, so must codegen.
describe.each(DRAFTS)('JSON-Schema-Test-Suite %s: generated validators vs compileSchema', (draft) => {
  it('agrees on every case, and the generated code compiles under tsc --strict', async () => {
    const remotes = loadRemotes(draft);
    const groups = loadSuite(draft);
    const files = [...new Set(groups.map((group) => group.file))];
    const typecheckedDirs: string[] = [];
    const disagreements: string[] = [];
    let compared = 0;
    let refused = 0;
    // what the generated modules of the draft needed at run time, so the run is known to cover each piece
    const packagesUsed = new Set<string>();
    const helpersUsed = new Set<string>();

    for (const [fileIndex, file] of files.entries()) {
      const compilable: Array<{ group: SuiteGroup; input: BindingInput }> = [];
      for (const [index, group] of groups.filter((g) => g.file === file).entries()) {
        const input = toInput(draft, `case-${fileIndex}-${index}`, group, referencesFor(group, remotes));
        try {
          compileSchema(input, [...(input.references ?? [])]);
          compilable.push({ group, input });
        } catch {
          refused++;
          await expect(generateBindings([input]), group.id).rejects.toThrow();
        }
      }
      if (compilable.length === 0) continue;
      const { files: generated, runtimeDependencies } = await generateBindings(
        compilable.map((c) => c.input),
        { format: false },
      );
      for (const dependency of runtimeDependencies) packagesUsed.add(dependency.name);
      const validators = generated.find((f) => f.path === 'validators.js')!.contents;
      for (const helper of ['ucs2length', 'deepEqual']) {
        if (validators.includes(`function ${helper}(`)) helpersUsed.add(helper);
      }
      expect(validators).not.toContain('@schemagate/');
      const dir = await writeGenerated(`suite-${draft}/${fileIndex}`, generated);
      typecheckedDirs.push(dir);
      const module = (await import(join(dir, 'index.ts'))) as GeneratedModule;
      for (const { group, input } of compilable) {
        const server = compileSchema(input, [...(input.references ?? [])]);
        const binding = module.schemaBindings[input.name]!;
        for (const test of group.tests) {
          compared++;
          const expected = server.validate(test.data) ?? [];
          const actual = binding.check(test.data);
          if (
            JSON.stringify(actual) !== JSON.stringify(expected) ||
            binding.is(test.data) !== (expected.length === 0)
          ) {
            disagreements.push(test.id);
          }
        }
      }
    }

    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(500);
    expect([...packagesUsed].sort()).toEqual(['ajv-formats', 're2js']);
    expect([...helpersUsed].sort()).toEqual(['deepEqual', 'ucs2length']);
    console.log(`${draft}: ${compared} cases agree; ${refused} schemas refused by both`);

    // One tsc run over every generated module of the draft keeps this affordable.
    const root = join(typecheckedDirs[0]!, '..');
    await writeFile(
      join(root, 'tsconfig.json'),
      JSON.stringify({
        extends: './0/tsconfig.json',
        files: typecheckedDirs.map((dir) => `${dir}/index.ts`),
      }),
    );
    const result = typecheck(root);
    await removeGenerated(`suite-${draft}`);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 240_000);
});

function toInput(
  draft: string,
  name: string,
  group: SuiteGroup,
  references: ReferencedSchema[],
): BindingInput {
  return {
    registry: draft,
    name,
    version: 1,
    fingerprint: fingerprint(group.schema),
    format: 'jsonschema',
    schema: group.schema,
    references,
  };
}

// Handing every remote to every group would only slow the run: give them to the groups that reach out.
function referencesFor(group: SuiteGroup, remotes: ReferencedSchema[]): ReferencedSchema[] {
  return JSON.stringify(group.schema).includes('localhost:1234') ? remotes : [];
}
