import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSchemaFolder } from '@schemagate/schemas-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitFolderSource } from './git-folder-source.ts';

let repo: string;

function write(relative: string, text: string): void {
  const file = path.join(repo, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function git(...args: string[]): void {
  execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'schemagate-git-source-'));
  git('init', '-q');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'ci');
  write('contracts/schemas/shop/order/schema.json', '{"type": "object"}\n');
  write('contracts/schemas/shop/order/config.json', '{"compatibility": "FULL"}\n');
  write('contracts/schemas/shop/order/examples/valid/one.json', '{}');
  write('elsewhere/x/y/schema.json', '{}');
  git('add', '.');
  git('commit', '-q', '-m', 'v1');
  // The working tree moves on; the source must answer with the commit.
  write('contracts/schemas/shop/order/schema.json', '{"type": "string"}\n');
  write('contracts/schemas/shop/refund/schema.json', '{}');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('gitFolderSource', () => {
  it('lists and reads the folder as it was at the ref', async () => {
    const folder = path.join(repo, 'contracts/schemas');
    const source = await gitFolderSource(folder, 'HEAD');
    expect(await source.list(folder)).toEqual({ folders: ['shop'], files: [] });
    expect(await source.list(path.join(folder, 'shop'))).toEqual({ folders: ['order'], files: [] });
    expect(await source.list(path.join(folder, 'shop/refund'))).toBeUndefined();
    expect(await source.readText(path.join(folder, 'shop/order/schema.json'))).toBe('{"type": "object"}\n');
    expect(await source.readText(path.join(folder, 'shop/refund/schema.json'))).toBeUndefined();
  });

  it('feeds the SDK loader with paths relative to the current folder', async () => {
    const cwd = process.cwd();
    process.chdir(path.join(repo, 'contracts'));
    try {
      const source = await gitFolderSource('schemas', 'HEAD');
      const [order, ...rest] = await loadSchemaFolder('schemas', { source });
      expect(rest).toEqual([]);
      expect(order?.schema).toEqual({ type: 'object' });
      expect(order?.config).toEqual({ compatibility: 'FULL' });
      expect(order?.examples.valid.map((example) => example.file)).toEqual([
        path.join('shop', 'order', 'examples', 'valid', 'one.json'),
      ]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a ref that names no commit and a folder outside git', async () => {
    await expect(gitFolderSource(repo, 'no-such-ref')).rejects.toThrow(/does not name a commit/);
    const outside = mkdtempSync(path.join(tmpdir(), 'schemagate-no-git-'));
    try {
      await expect(gitFolderSource(outside, 'HEAD')).rejects.toThrow(/not inside a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
