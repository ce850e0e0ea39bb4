import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { dataFolderLayout, secureDataFolder } from '@schemagate/db';
import type { Logger } from './app.ts';

/**
 * The admin key file of a data folder: `DIR/admin.key`, or, for a folder laid out before PGlite moved to
 * `DIR/pglite`, the `admin.key` beside it that the server wrote then. The server writes here and the CLI reads
 * here, so both ask this one function.
 */
export const adminKeyPath = (dataDir: string): string => dataFolderLayout(dataDir).adminKeyFile;

/** An admin key file that schemagate did not make, or that others can read: the start stops. */
export class AdminKeyFileError extends Error {
  override name = 'AdminKeyFileError';
}

/** What is wrong with an existing key file, or undefined when it is a private regular file of ours. */
function unsafeBecause(info: Stats): string | undefined {
  if (info.isSymbolicLink()) return 'is a symbolic link';
  if (!info.isFile()) return 'is not a regular file';
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `belongs to user ${info.uid}, not to ${uid}`;
  const mode = info.mode & 0o777;
  if ((mode & 0o077) !== 0) return `can be read or written by others (mode 0${mode.toString(8)}, not 0600)`;
  if (info.nlink > 1) return 'has other hard links';
  return undefined;
}

const refusal = (file: string, because: string) =>
  new AdminKeyFileError(
    `refusing the admin key file ${file}: it ${because}. schemagate creates that file itself, once, readable by ` +
      'its own user only; if you did not make it so, remove it, find out who did, and revoke keys it may have held',
  );

/**
 * Checks an existing admin key file without opening it: a symbolic link, anything but a regular file, a file
 * of another user's or one with group or other permissions is refused. Resolves to whether the file exists.
 */
export async function checkAdminKeyFile(file: string): Promise<boolean> {
  const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return false;
  const because = unsafeBecause(info);
  if (because) throw refusal(file, because);
  return true;
}

// O_NOFOLLOW is implied by O_EXCL on a link already, and named anyway; Windows has neither the flag nor the risk
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Writes `key` into `file` only if there is no such file yet: created exclusively (never through a link, never
 * over an existing file), mode 0600, and checked after opening to be ours. Resolves to false when the file
 * exists (it is then checked as {@link checkAdminKeyFile} does and left as it is).
 */
export async function createAdminKeyFile(file: string, key: string): Promise<boolean> {
  const handle = await open(file, CREATE_NEW, 0o600).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    await checkAdminKeyFile(file);
    return undefined;
  });
  if (!handle) return false;
  try {
    // the umask can only take bits away from 0600; chmod through the descriptor anyway, then prove it
    await handle.chmod(0o600);
    const because = unsafeBecause(await handle.stat());
    if (because) throw refusal(file, because);
    await handle.writeFile(`${key}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

export interface FirstAdminKey {
  file: string;
  /** The key created on this start, if the store had none. */
  created?: string;
  /** Whether `created` went into `file` (false: the file held a key already and was left alone). */
  saved: boolean;
}

/**
 * The first admin key of a store, and its file. The key file is checked before the store is touched, so an unsafe
 * one stops the start with no key made. A store that has keys leaves the file alone. A new key goes into the
 * file only if there is none: a file from an earlier start is never overwritten, even when this store is
 * another one (a Postgres server started with the data folder of an embedded one); the new key is then shown
 * once in the log, and only there.
 */
export async function provideFirstAdminKey(
  dataDir: string,
  createFirstAdminKey: () => Promise<string | undefined>,
  log: Logger,
): Promise<FirstAdminKey> {
  const folder = dataFolderLayout(dataDir);
  const file = folder.adminKeyFile;
  const existed = await checkAdminKeyFile(file);
  const created = await createFirstAdminKey();
  if (!created) return { file, saved: false };
  let saved = false;
  try {
    if (!existed) {
      // the key lives in the data folder (0700, ours), which a server on Postgres may be the first to make
      if (dirname(file) === folder.root) await secureDataFolder(folder.root);
      saved = await createAdminKeyFile(file, created);
    }
  } catch (error) {
    // the store holds the key now: without this line nobody would ever know it
    log.error(`created the first admin key, but could not save it to ${file} (shown once):\n  ${created}`);
    throw error;
  }
  log.info(
    saved
      ? `created the first admin key (shown once; also saved to ${file}):\n  ${created}`
      : `created the first admin key of this database (shown once, NOT saved: ${file} holds the key of an ` +
          'earlier start, perhaps on another database, and is never overwritten; give each database its own ' +
          `--data folder):\n  ${created}`,
  );
  return { file, created, saved };
}
