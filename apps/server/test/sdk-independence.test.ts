/**
 * The server reads the `schemas/` folder through @schemagate/schemas-folder: it runs without the SDK, which only its
 * tests use (to check the SDK against it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const server = join(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the server without the SDK', () => {
  it('imports the schemas folder reader from its own package, and nothing of the SDK', () => {
    const files = sources(join(server, 'src'));
    const importing = (name: string) =>
      files.filter((file) => readFileSync(file, 'utf8').includes(`'${name}'`));
    expect(importing('@schemagate/sdk')).toEqual([]);
    expect(importing('@schemagate/schemas-folder').map((file) => file.slice(server.length))).toEqual(
      expect.arrayContaining(['/src/serve.ts', '/src/seed.ts']),
    );
    const manifest = JSON.parse(readFileSync(join(server, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toHaveProperty(['@schemagate/schemas-folder']);
    expect(manifest.dependencies).not.toHaveProperty(['@schemagate/sdk']);
  });
});
