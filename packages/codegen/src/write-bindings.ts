import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from './binding-input.ts';

/**
 * Writes generated files under `dir`, leaving every file whose bytes are already the same untouched,
 * so an unchanged set does not bump modification times (and watchers and builds stay quiet).
 */
export async function writeBindings(
  dir: string,
  files: readonly GeneratedFile[],
): Promise<{ written: string[]; unchanged: string[] }> {
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const path = join(dir, file.path);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === file.contents) {
      unchanged.push(file.path);
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents);
    written.push(file.path);
  }
  return { written, unchanged };
}
