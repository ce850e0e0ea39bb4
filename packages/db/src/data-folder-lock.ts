import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The embedded database is open in another live process. */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

/** Who holds a lock: a PID alone names a process only until the PID is reused, so its start is kept too. */
export interface LockHolder {
  pid: number;
  /** `/proc/<pid>/stat` field 22 (clock ticks since boot); absent where there is no /proc, or in an old lock. */
  startTime?: string;
  /** `/proc/sys/kernel/random/boot_id`: a start time counts from one boot only. */
  bootId?: string;
}

/**
 * Lock files this process holds, so a lock naming our own PID can be told from one a former us left. Kept on
 * the global object: two copies of this module in one process (the sources and dist/, say) must see one set.
 */
const HELD = Symbol.for('schemagate.db.heldDataFolderLocks');
const processWide = globalThis as { [HELD]?: Set<string> };
processWide[HELD] ??= new Set<string>();
const heldHere = processWide[HELD];

/** The start time of a process (field 22 of `/proc/<pid>/stat`), or undefined when it cannot be read. */
export async function processStartTime(pid: number | 'self'): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // the command name (field 2) is in parentheses and may hold spaces and parentheses itself
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state), so field 22 is fields[19]
  const start = fields?.[19];
  return start && /^\d+$/.test(start) ? start : undefined;
}

/** When a process started, in ms since the epoch: boot time plus its start in ticks (USER_HZ, 100 on Linux). */
async function processStartedAt(pid: number): Promise<number | undefined> {
  const [ticks, stat] = await Promise.all([
    processStartTime(pid),
    readFile('/proc/stat', 'utf8').catch(() => undefined),
  ]);
  const btime = stat && /^btime (\d+)$/m.exec(stat)?.[1];
  return ticks && btime ? Number(btime) * 1000 + Number(ticks) * 10 : undefined;
}

async function bootId(): Promise<string | undefined> {
  const id = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => undefined);
  return id?.trim() || undefined;
}

/** This process as a lock records it: `<pid> <start time> <boot id>`, the PID first as older versions wrote it. */
async function currentHolder(): Promise<LockHolder> {
  const [startTime, boot] = await Promise.all([processStartTime('self'), bootId()]);
  return {
    pid: process.pid,
    ...(startTime ? { startTime } : {}),
    ...(startTime && boot ? { bootId: boot } : {}),
  };
}

const formatHolder = (holder: LockHolder) =>
  `${[holder.pid, holder.startTime, holder.bootId].filter((part) => part !== undefined).join(' ')}\n`;

export function parseHolder(text: string): LockHolder | undefined {
  const [pid, startTime, boot] = text.trim().split(/\s+/);
  const number = Number(pid);
  if (!Number.isSafeInteger(number) || number <= 0) return undefined;
  return {
    pid: number,
    ...(startTime && /^\d+$/.test(startTime) ? { startTime } : {}),
    ...(boot ? { bootId: boot } : {}),
  };
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process a lock names still runs. A PID is reused: after a crash, a container restart gives the
 * new server the PID its predecessor had (often 1), and a reboot hands out the same PIDs again. So a lock
 * that recorded a start time counts only while a process with that PID, that start time and that boot runs.
 * A lock without one (written by an older version, or where there is no /proc) falls back on the PID, except
 * that a lock naming this very process and not taken by it is a former us, and a process that started well
 * after the lock was written cannot have written it.
 */
async function holderRuns(holder: LockHolder, file: string, writtenAt: number): Promise<boolean> {
  if (!signalable(holder.pid)) return false;
  if (holder.pid === process.pid && !heldHere.has(file)) return false;
  if (holder.startTime === undefined) {
    const startedAt = await processStartedAt(holder.pid);
    return startedAt === undefined || startedAt < writtenAt + 2_000;
  }
  if (holder.bootId !== undefined) {
    const boot = await bootId();
    if (boot !== undefined && boot !== holder.bootId) return false;
  }
  const startTime = await processStartTime(holder.pid);
  // unreadable (e.g. /proc mounted with hidepid) though signalable: assume it is the holder
  return startTime === undefined || startTime === holder.startTime;
}

/**
 * Creates `file` with `text` in one step, failing with EEXIST when it exists: the text goes to a private file
 * first, which is then hard-linked into place, so nobody ever reads a lock that is created but still empty.
 */
async function createWhole(file: string, text: string): Promise<void> {
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, text, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    // a file system without hard links (some network and FUSE mounts): create the lock in place instead
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
  } finally {
    await unlink(draft).catch(() => {});
  }
}

/**
 * Takes `<dir>.lock` for this process. An embedded PGlite folder must be opened by one process at a time:
 * two would each run their own Postgres over the same files. A lock whose holder is gone (see
 * {@link holderRuns}) is taken over. Resolves to the function that releases it.
 *
 * The lock tells processes of one machine (one PID namespace) apart; it is not meant for a folder shared by
 * several machines or containers.
 */
export async function lockDataFolder(dir: string): Promise<() => Promise<void>> {
  const file = `${resolve(dir)}.lock`;
  const me = await currentHolder();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await createWhole(file, formatHolder(me));
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await unlink(file).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [text, written] = await Promise.all([
        readFile(file, 'utf8').catch(() => ''),
        stat(file).catch(() => undefined),
      ]);
      const holder = parseHolder(text);
      if (holder && written && (await holderRuns(holder, file, written.mtimeMs))) {
        throw new DataFolderInUseError(
          `${dir} is in use by process ${holder.pid}: an embedded database opens in one process at a time ` +
            `(stop that process, or share a Postgres through DATABASE_URL; the lock is ${file})`,
        );
      }
      await unlink(file).catch(() => {});
    }
  }
  throw new DataFolderInUseError(`${dir} could not be locked (${file})`);
}
