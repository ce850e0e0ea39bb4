import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FolderSource } from '@schemagate/schemas-folder';
import { BaselineError } from './baseline-error.ts';

const run = promisify(execFile);

/**
 * A {@link FolderSource} reading a folder of the working tree as it was at a git ref, so the SDK's folder
 * loader reads a baseline exactly as it reads the working folder. Paths given to it are working-tree paths
 * below `folder`; one `git ls-tree` answers every listing, and a file is read only when the ref holds it.
 */
export async function gitFolderSource(folder: string, ref: string): Promise<FolderSource> {
  const cwd = path.resolve(folder);
  // --show-prefix rather than a relative path from --show-toplevel: git resolves symlinks in the top level.
  const prefix = await git(cwd, ['rev-parse', '--show-prefix']).catch(() => {
    throw new BaselineError(`${folder} is not inside a git repository`);
  });
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new BaselineError(`git ref ${ref} does not name a commit`);
  });
  const listing = await git(cwd, ['ls-tree', '-r', '-z', '--name-only', '--full-name', ref, '--', '.']);
  const files = new Set(listing.split('\0').filter((file) => file !== ''));
  const repoPath = (target: string) =>
    (prefix.trim() + path.relative(cwd, path.resolve(target)).split(path.sep).join('/')).replace(/\/$/, '');

  return {
    async list(target) {
      const folderPath = repoPath(target);
      const below = [...files]
        .filter((file) => folderPath === '' || file.startsWith(`${folderPath}/`))
        .map((file) => (folderPath === '' ? file : file.slice(folderPath.length + 1)));
      if (below.length === 0) return undefined;
      const folders = new Set(below.filter((rest) => rest.includes('/')).map((rest) => rest.split('/')[0]!));
      return { folders: [...folders], files: below.filter((rest) => !rest.includes('/')) };
    },
    async readText(target) {
      const file = repoPath(target);
      if (!files.has(file)) return undefined;
      return git(cwd, ['cat-file', 'blob', `${ref}:${file}`]);
    },
  };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
