import { readdir, readFile } from 'node:fs/promises';
import { SchemaFolderError } from './schema-folder-error.ts';

/** What a folder holds directly, names only. */
export interface FolderEntries {
  folders: string[];
  files: string[];
}

/**
 * Where {@link loadSchemaFolder} reads a `schemas/` folder from: the file system by default, or anything that
 * can list a folder and read a file, such as a git commit. Paths are the loaded folder joined with
 * `node:path`'s `join`.
 */
export interface FolderSource {
  /** The entries of the folder at `path`; undefined when there is no such folder. */
  list(path: string): Promise<FolderEntries | undefined>;
  /** The text of the file at `path`; undefined when there is no such file. */
  readText(path: string): Promise<string | undefined>;
}

/** Reads from the file system; a missing file or folder is undefined, any other failure a {@link SchemaFolderError}. */
export const fileSystemSource: FolderSource = {
  async list(path) {
    try {
      const entries = await readdir(path, { withFileTypes: true });
      return {
        folders: entries.filter((e) => e.isDirectory()).map((e) => e.name),
        files: entries.filter((e) => e.isFile()).map((e) => e.name),
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new SchemaFolderError(path, `cannot be listed (${describe(error)})`, { cause: error });
    }
  },
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new SchemaFolderError(path, `cannot be read (${describe(error)})`, { cause: error });
    }
  },
};

// ENOTDIR: a file stands where the layout expects a folder, which reads as "no such folder".
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
