import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Where a registry lives and how to authenticate, after flags, environment and local files are weighed. */
export interface Connection {
  url: string;
  key: string | undefined;
  /** Where the key came from, so an auth failure can say which one to fix. */
  keySource: 'flag' | 'env' | 'file' | 'none';
  /** The admin key file that was read (`file`) or looked for and not found (`none`). */
  keyFile?: string;
}

/** The flags every command that talks to a registry takes: `--url`, `--key` and `--data`. */
export interface ConnectionFlags {
  url?: string | undefined;
  key?: string | undefined;
  /** The data folder whose admin key file is the last resort. */
  data?: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';
export const DEFAULT_DATA_DIR = './.schemagate/data';

/** The data folder a command means: `--data`, else `$SCHEMAGATE_DATA`, else `./.schemagate/data`, absolute. */
export function dataFolderOf(
  flags: Pick<ConnectionFlags, 'data'>,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string {
  return resolve(cwd, flags.data || env.SCHEMAGATE_DATA || DEFAULT_DATA_DIR);
}

/**
 * The admin key file of a data folder, where `schemagate serve` writes it on its first start. The layout is the
 * server's (`adminKeyPath`), asked rather than repeated so the two cannot drift apart. Only the server's key-file
 * module is loaded (`@schemagate/server/admin-key`, not the whole server), and only when no key was given.
 */
export async function adminKeyFileOf(dataDir: string): Promise<string> {
  const { adminKeyPath } = await import('@schemagate/server/admin-key');
  return adminKeyPath(dataDir);
}

/**
 * Resolves `--url` and `--key` for every command that talks to a registry: a flag wins, then
 * `$SCHEMAGATE_URL` / `$SCHEMAGATE_KEY`, then `http://127.0.0.1:8080` and the admin key file of the data folder
 * (`--data`, `$SCHEMAGATE_DATA`, `./.schemagate/data`). No key at all is allowed (a server with
 * `SCHEMAGATE_AUTH=off` needs none); a refusal then says where the key was looked for.
 */
export async function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<Connection> {
  const url = flags.url || env.SCHEMAGATE_URL || DEFAULT_URL;
  if (!/^https?:\/\//.test(url)) throw new Error(`--url must be an http(s) URL, got '${url}'`);
  if (flags.key) return { url, key: flags.key, keySource: 'flag' };
  if (env.SCHEMAGATE_KEY) return { url, key: env.SCHEMAGATE_KEY, keySource: 'env' };
  const keyFile = await adminKeyFileOf(dataFolderOf(flags, env, cwd));
  const fromFile = await readFile(keyFile, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new Error(`cannot read the admin key file ${keyFile}: ${error.message}`);
    },
  );
  return fromFile
    ? { url, key: fromFile, keySource: 'file', keyFile }
    : { url, key: undefined, keySource: 'none', keyFile };
}
