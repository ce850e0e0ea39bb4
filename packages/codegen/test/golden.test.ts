import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateBindings } from '../src/index.ts';
import { fixtureInputs } from './fixtures/inputs.ts';

const goldenDir = join(import.meta.dirname, 'golden');

// Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
it('generates exactly the pinned output for two schemas', async () => {
  const { files } = await generateBindings(fixtureInputs);
  expect(files.map((file) => file.path)).toEqual(['index.ts', 'validators.js', 'validators.d.ts']);
  for (const file of files) {
    const path = join(goldenDir, `${file.path}.golden`);
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(path, file.contents);
    expect(file.contents, file.path).toBe(await readFile(path, 'utf8'));
  }
});

it('generates exactly the pinned JavaScript bindings for the same schemas (--lang js), beside the same validators', async () => {
  const { files } = await generateBindings(fixtureInputs, { lang: 'js' });
  expect(files.map((file) => file.path)).toEqual([
    'index.js',
    'index.d.ts',
    'validators.js',
    'validators.d.ts',
  ]);
  for (const file of files) {
    const path = join(goldenDir, `${file.path}.golden`);
    if (process.env.UPDATE_GOLDEN === '1' && file.path.startsWith('index.'))
      await writeFile(path, file.contents);
    expect(file.contents, file.path).toBe(await readFile(path, 'utf8'));
  }
});
