import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from '../src/index.ts';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = join(packageDir, '../../node_modules/.bin/tsc');

/** The packages generated validators may import, as installed for core (in the repository's node_modules/.pnpm). */
const RUNTIME_PACKAGES = ['ajv-formats', 're2js'] as const;

/**
 * Gives `dir` a node_modules holding only `names` (each a link to the package folder in node_modules/.pnpm), as a
 * user's project would after installing what a generated header names.
 */
export async function linkRuntimePackages(dir: string, names: readonly string[]): Promise<void> {
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  for (const name of names) {
    const target = realpathSync(join(packageDir, '../core/node_modules', name));
    await symlink(target, join(dir, 'node_modules', name), 'dir');
  }
}

/**
 * Writes generated files under `test/.generated/<name>` with a strict tsconfig of their own and a node_modules
 * holding the packages generated validators may import (and nothing of schemagate's). The bindings module is
 * `index.ts`, or `index.d.ts` for `--lang js` output.
 */
export async function writeGenerated(name: string, files: readonly GeneratedFile[]): Promise<string> {
  const dir = join(packageDir, 'test/.generated', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(join(dir, file.path), file.contents);
  await linkRuntimePackages(dir, RUNTIME_PACKAGES);
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
      files: [files.some((file) => file.path === 'index.ts') ? 'index.ts' : 'index.d.ts'],
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
