import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Where a registry lives and how to authenticate, after flags, environment and local files are weighed. */
export interface Connection {
  url: string;
  key: string | undefined;
  /** Where the key came from, so an auth failure can say which one to fix. */
  keySource: 'flag' | 'env' | 'file' | 'none';
  /** The admin key file that was (or would have been) read. */
  keyFile: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';
export const DEFAULT_DATA_DIR = './.schemagate/data';

/**
 * The admin key file the server writes on its first start: beside the data folder, so
 * `${SCHEMAGATE_DATA:-./.schemagate/data}/../admin.key`, i.e. `./.schemagate/admin.key` by default.
 */
export function adminKeyFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return join(dirname(resolve(cwd, env.SCHEMAGATE_DATA || DEFAULT_DATA_DIR)), 'admin.key');
}

/**
 * Resolves `--url` and `--key` for every command that talks to a registry: a flag wins, then
 * `$SCHEMAGATE_URL` / `$SCHEMAGATE_KEY`, then `http://127.0.0.1:8080` and the local admin key file. No key at
 * all is allowed (a server with `SCHEMAGATE_AUTH=off` needs none).
 */
export async function resolveConnection(
  flags: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<Connection> {
  const url = flags.url || env.SCHEMAGATE_URL || DEFAULT_URL;
  if (!/^https?:\/\//.test(url)) throw new Error(`--url must be an http(s) URL, got '${url}'`);
  const keyFile = adminKeyFile(env, cwd);
  if (flags.key) return { url, key: flags.key, keySource: 'flag', keyFile };
  if (env.SCHEMAGATE_KEY) return { url, key: env.SCHEMAGATE_KEY, keySource: 'env', keyFile };
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
