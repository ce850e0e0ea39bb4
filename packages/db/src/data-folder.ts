import { lstatSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** A data folder cannot be used safely (not a folder, or another user's). */
export class DataFolderError extends Error {
  override name = 'DataFolderError';
}

/** Where schemagate keeps what it stores in a data folder. */
export interface DataFolderLayout {
  /** The data folder itself, absolute. */
  root: string;
  /**
   * `current`: PGlite in `root/pglite`, the admin key in `root/admin.key`. `legacy`: a folder from before, with
   * PGlite's files directly in `root` and the admin key beside it (`dirname(root)/admin.key`); it is used as it
   * is, never moved.
   */
  layout: 'current' | 'legacy';
  /** PGlite's own folder. Its lock is `<pgliteDir>.lock`. */
  pgliteDir: string;
  /** The admin key file of this data folder. */
  adminKeyFile: string;
}

const exists = (path: string) => lstatSync(path, { throwIfNoEntry: false }) !== undefined;

/**
 * The layout of a data folder (see {@link DataFolderLayout}). A folder whose top holds `PG_VERSION` is a
 * PGlite folder from before the `pglite/` subfolder; its key is the one beside it if there is one, else (a
 * server that never wrote one) `root/admin.key`, inside the folder that is ours, rather than in a parent that
 * may be shared.
 */
export function dataFolderLayout(dir: string): DataFolderLayout {
  const root = resolve(dir);
  if (exists(join(root, 'PG_VERSION'))) {
    const beside = join(dirname(root), 'admin.key');
    return {
      root,
      layout: 'legacy',
      pgliteDir: root,
      adminKeyFile: exists(beside) ? beside : join(root, 'admin.key'),
    };
  }
  return { root, layout: 'current', pgliteDir: join(root, 'pglite'), adminKeyFile: join(root, 'admin.key') };
}

/**
 * Creates the data folder if needed (mode 0700) and checks that it is ours: a folder of this user's, which
 * nobody else may list or enter. A folder of ours with group or other bits is narrowed to 0700; one that
 * belongs to another user stops the start (it could read our key and database, or swap files under us).
 * A symbolic link to a folder is followed: pointing the data folder at a volume is fine.
 */
export async function secureDataFolder(root: string): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const info = await stat(root);
  if (!info.isDirectory()) throw new DataFolderError(`the data folder ${root} is not a folder`);
  // no user ids on Windows
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new DataFolderError(
      `the data folder ${root} belongs to user ${info.uid}, not to ${uid} that runs schemagate: ` +
        'it holds the database and the admin key, so point --data (SCHEMAGATE_DATA) at a folder of your own',
    );
  }
  if ((info.mode & 0o077) !== 0) await chmod(root, 0o700);
}

/**
 * Takes group and other permissions off everything under `dir` (the files PGlite's initdb writes, and those it
 * writes as it starts, are 0666 and its folders 0755 whatever the umask). The folders above are 0700 already,
 * so this is a second fence, not the only one. Symbolic links are left alone; a file that vanishes meanwhile is
 * skipped.
 */
export async function restrictToOwner(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const paths = [dir, ...entries.map((entry) => join(dir, entry))];
  const narrow = async (path: string) => {
    const info = await lstat(path).catch(() => undefined);
    if (!info || info.isSymbolicLink() || (info.mode & 0o077) === 0) return;
    await chmod(path, info.mode & 0o700).catch(() => {});
  };
  // a thousand files after initdb: a few at a time, so that libuv's threads work in parallel
  for (let i = 0; i < paths.length; i += 32) await Promise.all(paths.slice(i, i + 32).map(narrow));
}
