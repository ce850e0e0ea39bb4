import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeBindings } from './write-bindings.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('rewrites only files whose bytes changed', async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-codegen-'));
  const files = [
    { path: 'index.ts', contents: 'export const a = 1;\n' },
    { path: 'validators.js', contents: 'export {};\n' },
  ];
  expect(await writeBindings(dir, files)).toEqual({ written: ['index.ts', 'validators.js'], unchanged: [] });
  const before = await stat(join(dir, 'validators.js'));

  const changed = [{ path: 'index.ts', contents: 'export const a = 2;\n' }, files[1]!];
  expect(await writeBindings(dir, changed)).toEqual({ written: ['index.ts'], unchanged: ['validators.js'] });
  expect(await readFile(join(dir, 'index.ts'), 'utf8')).toBe('export const a = 2;\n');
  expect((await stat(join(dir, 'validators.js'))).mtimeMs).toBe(before.mtimeMs);
  expect(await writeBindings(dir, changed)).toEqual({
    written: [],
    unchanged: ['index.ts', 'validators.js'],
  });
});
