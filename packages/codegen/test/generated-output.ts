import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from '../src/index.ts';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = join(packageDir, '../../node_modules/.bin/tsc');

/**
 * Writes generated files under `test/.generated/<name>` (inside the package, so the generated validators
 * resolve `ajv` and `@schemagate/core` from its node_modules), with a strict tsconfig of its own.
 */
export async function writeGenerated(name: string, files: readonly GeneratedFile[]): Promise<string> {
  const dir = join(packageDir, 'test/.generated', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(join(dir, file.path), file.contents);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noImplicitOverride: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['index.ts'],
    }),
  );
  return dir;
}

/** Runs TypeScript's `tsc --strict --noEmit` on a folder written by {@link writeGenerated}. */
export function typecheck(dir: string): { status: number | null; output: string } {
  const result = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Removes what {@link writeGenerated} wrote under `name`, so no unformatted generated code lingers for the linter. */
export async function removeGenerated(name: string): Promise<void> {
  await rm(join(packageDir, 'test/.generated', name), { recursive: true, force: true });
}
