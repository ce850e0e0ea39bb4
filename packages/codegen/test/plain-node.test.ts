import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileSchema } from '@schemagate/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BindingsLanguage, type GeneratedFile, generateBindings } from '../src/index.ts';
import { linkRuntimePackages } from './generated-output.ts';
import { repositorySchemaInputs, repositorySchemasDir } from './repository-schemas.ts';

const repositoryRoot = join(repositorySchemasDir, '..');

// esbuild as the repository already has it (tsx's), to strip the types of index.ts the way a user's build would.
const esbuild = createRequire(import.meta.url)(
  join(dirname(realpathSync(join(repositoryRoot, 'node_modules/tsx'))), 'esbuild'),
) as { transformSync(code: string, options: { loader: 'ts'; format: 'esm' }): { code: string } };

const inputs = repositorySchemaInputs().filter((input) => input.registry === 'shop');

/** The first valid and the first invalid example of every shop schema, with what the server answers for each. */
const cases = inputs.flatMap((input) => {
  const server = compileSchema(input, [...(input.references ?? [])]);
  return (['valid', 'invalid'] as const).map((kind) => {
    const folder = join(repositorySchemasDir, input.registry, input.name, 'examples', kind);
    const file = readdirSync(folder).sort()[0]!;
    const event: unknown = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    return { schema: input.name, example: `${kind}/${file}`, event, expected: server.validate(event) ?? [] };
  });
});

// Run by plain node in the temporary project: every case through the bindings, and whether any package of ours
// could be found from there.
const SCRIPT = `import { readFileSync } from 'node:fs';
import { schemaBindings } from './index.js';

const cases = JSON.parse(readFileSync(new URL('./cases.json', import.meta.url), 'utf8'));
const results = cases.map(({ schema, event }) => ({
  is: schemaBindings[schema].is(event),
  errors: schemaBindings[schema].check(event),
}));
const ours = [];
for (const name of ['@schemagate/core', '@schemagate/codegen', '@schemagate/sdk']) {
  try {
    await import(name);
    ours.push(name);
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}
process.stdout.write(JSON.stringify({ results, ours }));
`;

/** The packages the generated header names, read back from the header itself. */
function packagesNamedInHeader(validators: string): string[] {
  const line = validators.split('\n').find((text) => text.startsWith('// Needs at run time'))!;
  if (line.includes('no npm package')) return [];
  return [...line.matchAll(/([a-z0-9-]+) \(/g)].map((match) => match[1]!);
}

const projects: string[] = [];
afterAll(async () => {
  for (const dir of projects) await rm(dir, { recursive: true, force: true });
});

async function writeProject(files: readonly GeneratedFile[], lang: BindingsLanguage): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `sg-bindings-${lang}-`));
  projects.push(dir);
  for (const file of files) {
    if (file.path === 'index.ts') {
      const { code } = esbuild.transformSync(file.contents, { loader: 'ts', format: 'esm' });
      await writeFile(join(dir, 'index.js'), code);
    } else {
      await writeFile(join(dir, file.path), file.contents);
    }
  }
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'a-service', private: true, type: 'module' }),
  );
  await writeFile(join(dir, 'cases.json'), JSON.stringify(cases));
  await writeFile(join(dir, 'main.mjs'), SCRIPT);
  return dir;
}

describe.each(['js', 'ts'] as const)(
  'bindings of schemas/shop (--lang %s) under plain node, outside the repository',
  (lang) => {
    it('validate as the server does with only the packages their header names installed', async () => {
      const { files, runtimeDependencies } = await generateBindings(inputs, { lang });
      const validators = files.find((file) => file.path === 'validators.js')!.contents;
      const named = packagesNamedInHeader(validators);
      expect(named).toEqual(runtimeDependencies.map((dependency) => dependency.name));
      // the shop's shipment schema checks a `uri`, a format ajv-formats checks with a function
      expect(named).toEqual(['ajv-formats']);

      const dir = await writeProject(files, lang);
      expect(realpathSync(dir).startsWith(realpathSync(repositoryRoot))).toBe(false);
      await linkRuntimePackages(dir, named);
      expect(readdirSync(join(dir, 'node_modules'))).toEqual(named);

      const run = spawnSync(process.execPath, ['main.mjs'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const { results, ours } = JSON.parse(run.stdout) as {
        results: Array<{ is: boolean; errors: unknown[] }>;
        ours: string[];
      };
      expect(ours).toEqual([]);
      expect(results).toHaveLength(cases.length);
      for (const [index, testCase] of cases.entries()) {
        const label = `${testCase.schema} ${testCase.example}`;
        expect(results[index]!.errors, label).toEqual(testCase.expected);
        expect(results[index]!.is, label).toBe(testCase.example.startsWith('valid/'));
      }
      // the cases are real: every invalid example is refused with the server's reasons
      expect(results.filter((result) => !result.is).length).toBe(inputs.length);
    });
  },
);
