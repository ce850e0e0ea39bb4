import { readFile, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The embedded database is open in another live process. */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>.lock` for this process. An embedded PGlite folder must be opened by one process at a time:
 * two would each run their own Postgres over the same files. A lock left by a process that died is taken over.
 * Resolves to the function that releases it.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const file = `${resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return () => unlink(file).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new DataFolderInUseError(
          `${dataDir} is in use by process ${holder}: an embedded database opens in one process at a time ` +
            '(stop that process, or share a Postgres through DATABASE_URL)',
        );
      }
      await unlink(file).catch(() => {});
    }
  }
  throw new DataFolderInUseError(`${dataDir} could not be locked (${file})`);
}
