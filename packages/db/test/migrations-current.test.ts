import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
let scratch: string | undefined;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

// A schema change without its migration would pass every test that starts from the drizzle schema's types and
// fail only on a database migrated from the committed SQL: generate against a copy and expect nothing new.
test('the committed migrations match the drizzle schema', async () => {
  scratch = await mkdtemp(join(tmpdir(), 'schemagate-migrations-'));
  const out = join(scratch, 'drizzle');
  await cp(join(packageDir, 'drizzle'), out, { recursive: true });
  const config = join(scratch, 'drizzle.config.mjs');
  await writeFile(
    config,
    // drizzle-kit takes both paths relative to where it runs
    `export default ${JSON.stringify({
      dialect: 'postgresql',
      schema: relative(scratch, join(packageDir, 'src/schema/index.ts')),
      out: 'drizzle',
    })};\n`,
  );
  const bin = join(packageDir, 'node_modules', 'drizzle-kit', 'bin.cjs');
  const before = await readdir(out);
  const { stdout, stderr } = await run(
    process.execPath,
    [bin, 'generate', '--config', config, '--name', 'unexpected'],
    {
      cwd: scratch,
    },
  );
  expect(await readdir(out)).toEqual(before);
  expect(`${stdout}${stderr}`).toContain('No schema changes');
});
