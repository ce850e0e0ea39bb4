import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { isProblemCode, type ProblemCode } from '@schemagate/api';
import { AppError } from '../errors.ts';
import type { SerializedTaskError, TaskTable, WorkerMessage, WorkRequest } from '../workers/protocol.ts';
import type { WorkTasks } from '../workers/tasks.ts';

export type { TaskTable, WorkTasks };
/** What a task of one kind takes (structured-cloned into the worker). */
export type WorkInput<T extends TaskTable, K extends keyof T> = Parameters<T[K]>[0];
/** What a task of one kind answers (structured-cloned back). */
export type WorkOutput<T extends TaskTable, K extends keyof T> = Awaited<ReturnType<T[K]>>;

/** The limits of a pool, as `/v1/quotas` publishes them. */
export interface WorkPoolLimits {
  /** Worker threads. */
  size: number;
  /** Tasks that may wait for a free worker; one more is refused (503). */
  maxQueue: number;
  /** The hard limit on one task once a worker runs it: past it the worker is terminated and replaced. */
  taskTimeoutMs: number;
  /** How long a task may wait for a free worker before it is refused (503). */
  queueTimeoutMs: number;
  /** The heap a worker may grow to; past it the worker dies, is replaced, and its task fails. */
  maxHeapMb: number;
}

export interface WorkPoolOptions extends Partial<WorkPoolLimits> {
  /**
   * The worker's module, which calls `serveTasks` with its task table; by default `workers/work-worker` (`.ts` from
   * source, `.js` from dist), whose table is `workTasks` of `workers/tasks.ts`.
   */
  workerFile?: URL;
}

export const DEFAULT_WORK_POOL_LIMITS: Readonly<WorkPoolLimits> = {
  size: Math.max(1, Math.min(2, availableParallelism())),
  maxQueue: 16,
  taskTimeoutMs: 1500,
  queueTimeoutMs: 3000,
  maxHeapMb: 512,
};

/**
 * Why the pool could not give an answer: `busy` (queue full, or no worker came free in time), `closed`, `timeout`
 * (the task ran past the hard limit), `memory` (the worker ran out of heap), `crashed` (the worker died otherwise).
 */
export type WorkPoolFailure = 'busy' | 'closed' | 'timeout' | 'memory' | 'crashed';

/** The pool's own failure, as opposed to an error the task threw ({@link WorkTaskError}). */
export class WorkPoolError extends Error {
  constructor(
    readonly reason: WorkPoolFailure,
    message: string,
    /** The limit that was hit, when there is one: milliseconds for `timeout`/`busy`, MB for `memory`. */
    readonly limit?: number,
  ) {
    super(message);
    this.name = 'WorkPoolError';
  }
}

/** An error a task threw inside the worker, rebuilt in the caller's thread with its `code` and other fields. */
export class WorkTaskError extends Error {
  readonly code: string | undefined;
  /** The thrown error's own enumerable fields (such as `limit` and `max` of a budget error), `code` included. */
  readonly details: Record<string, unknown>;
  constructor(serialized: SerializedTaskError) {
    super(serialized.message);
    this.name = serialized.name;
    this.code = typeof serialized.details.code === 'string' ? serialized.details.code : undefined;
    this.details = serialized.details;
  }
}

interface PendingTask {
  id: number;
  kind: string;
  input: unknown;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Fires when the task waited too long for a worker. */
  queueTimer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  /** Loaded and free to take a task. */
  ready: boolean;
  /** Said `ready` once: its exit is then a crash or a kill, not a worker that cannot load. */
  loaded?: boolean;
  task?: PendingTask;
  runTimer?: ReturnType<typeof setTimeout>;
  /** Set when the pool ended the worker itself (time limit, close), so its exit is not read as a crash. */
  ending?: WorkPoolFailure;
}

const fromSource = import.meta.url.endsWith('.ts');

function defaultWorkerFile(): URL {
  return new URL(`../workers/work-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
}

/**
 * How a worker is started. From dist it is the compiled module itself. From source (vitest, `pnpm dev`) the worker is
 * TypeScript too: a small bootstrap registers tsx in the worker before importing it (Node 20 applies `--import`
 * hooks of a worker only after its entry has been resolved), and the `@schemagate/source` condition sends
 * `@schemagate/*` imports to their sources, as in the thread that made the pool.
 */
function workerLaunch(file: URL): { entry: URL | string; options: WorkerOptions } {
  if (!file.pathname.endsWith('.ts')) return { entry: file, options: {} };
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  const loader = pathToFileURL(tsxApi.replace(/\.cjs$/, '.mjs')).href;
  return {
    entry: `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`,
    options: { eval: true, execArgv: ['--conditions=@schemagate/source'] },
  };
}

/**
 * A bounded pool of worker threads for work that may be heavy (compatibility analysis, pattern analysis, and
 * whatever else `workers/tasks.ts` lists), so that no request holds the event loop for long. To add a kind of work,
 * add a function to `workTasks` there; `run(kind, input)` is typed from that table.
 *
 * - At most `size` tasks run at once; at most `maxQueue` wait. One more is refused at once, and a task that waits
 *   longer than `queueTimeoutMs` is refused too: both as `WorkPoolError('busy')`, which {@link workProblem} answers
 *   with 503 and `Retry-After`.
 * - A running task gets `taskTimeoutMs` (or its own `timeoutMs`); past it the worker is terminated, a new one takes
 *   its place, and the task fails with `WorkPoolError('timeout')`. A worker over `maxHeapMb` dies the same way
 *   (`memory`).
 * - Workers start on first use (or on {@link WorkPool.warm}) and do not keep the process alive while idle.
 *
 * @example
 * const pool = new WorkPool({ size: 2 });
 * const report = await pool.run('compatibility', { args, limits });
 * await pool.close();
 */
export class WorkPool<Tasks extends TaskTable = WorkTasks> {
  readonly limits: Readonly<WorkPoolLimits>;
  readonly #file: URL;
  readonly #slots = new Set<Slot>();
  readonly #queue: PendingTask[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: WorkPoolOptions = {}) {
    const { workerFile, ...limits } = options;
    this.limits = { ...DEFAULT_WORK_POOL_LIMITS, ...definedOnly(limits) };
    if (this.limits.size < 1) throw new RangeError('a work pool needs at least one worker');
    this.#file = workerFile ?? defaultWorkerFile();
  }

  /**
   * Runs one task in a worker. Rejects with {@link WorkPoolError} when the pool cannot answer (busy, closed, time or
   * memory limit) and with {@link WorkTaskError} when the task itself threw.
   */
  run<K extends keyof Tasks & string>(
    kind: K,
    input: WorkInput<Tasks, K>,
    options: { timeoutMs?: number } = {},
  ): Promise<WorkOutput<Tasks, K>> {
    if (this.#closed) return Promise.reject(new WorkPoolError('closed', 'the work pool is closed'));
    // tasks that a free (or still starting) worker will take do not count as waiting
    const waiting = this.#queue.length - (this.limits.size - this.stats().busy);
    if (waiting >= this.limits.maxQueue) {
      return Promise.reject(
        new WorkPoolError('busy', `${waiting} tasks are already waiting for a worker`, this.limits.maxQueue),
      );
    }
    return new Promise<WorkOutput<Tasks, K>>((resolve, reject) => {
      const task: PendingTask = {
        id: this.#nextId++,
        kind,
        input,
        timeoutMs: options.timeoutMs ?? this.limits.taskTimeoutMs,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      // only waiting behind busy workers counts: a worker that is still loading its modules is not the load's fault
      const behindBusyWorkers = this.stats().busy + this.#queue.length >= this.limits.size;
      if (behindBusyWorkers)
        task.queueTimer = setTimeout(() => {
          const index = this.#queue.indexOf(task);
          if (index === -1) return;
          this.#queue.splice(index, 1);
          reject(
            new WorkPoolError(
              'busy',
              `no worker came free within ${this.limits.queueTimeoutMs} ms`,
              this.limits.queueTimeoutMs,
            ),
          );
        }, this.limits.queueTimeoutMs);
      this.#queue.push(task);
      this.#dispatch();
    });
  }

  /** How busy the pool is now. */
  stats(): { workers: number; busy: number; queued: number } {
    let busy = 0;
    for (const slot of this.#slots) if (slot.task) busy += 1;
    return { workers: this.#slots.size, busy, queued: this.#queue.length };
  }

  /** Starts every worker now, so that the first tasks do not wait for a worker to load its modules. */
  async warm(): Promise<void> {
    while (!this.#closed && this.#slots.size < this.limits.size) this.#spawn();
    await Promise.all(
      [...this.#slots].map(
        (slot) =>
          new Promise<void>((done) => {
            if (slot.ready) return done();
            const settle = () => done();
            slot.worker.once('message', settle);
            slot.worker.once('exit', settle);
          }),
      ),
    );
  }

  /** Refuses waiting tasks and new ones, and terminates the workers (running tasks fail as `closed`). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const task of this.#queue.splice(0)) {
      clearTimeout(task.queueTimer);
      task.reject(new WorkPoolError('closed', 'the work pool was closed'));
    }
    await Promise.all(
      [...this.#slots].map((slot) => {
        slot.ending = 'closed';
        this.#fail(slot, new WorkPoolError('closed', 'the work pool was closed'));
        return slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = [...this.#slots].find((candidate) => candidate.ready && candidate.task === undefined);
      if (!slot) {
        const starting = [...this.#slots].filter((candidate) => !candidate.ready).length;
        if (this.#slots.size < this.limits.size && starting < this.#queue.length) this.#spawn();
        return;
      }
      const task = this.#queue.shift()!;
      clearTimeout(task.queueTimer);
      this.#start(slot, task);
    }
  }

  #start(slot: Slot, task: PendingTask): void {
    slot.task = task;
    slot.worker.ref();
    slot.runTimer = setTimeout(() => {
      slot.ending = 'timeout';
      this.#fail(
        slot,
        new WorkPoolError('timeout', `the task ran past its ${task.timeoutMs} ms limit`, task.timeoutMs),
      );
      void slot.worker.terminate();
    }, task.timeoutMs);
    const request: WorkRequest = { id: task.id, kind: task.kind, input: task.input };
    try {
      slot.worker.postMessage(request);
    } catch (error) {
      // an input that cannot be cloned is the caller's mistake, not the worker's
      clearTimeout(slot.runTimer);
      slot.task = undefined;
      slot.worker.unref();
      task.reject(error as Error);
      this.#dispatch();
    }
  }

  #spawn(): void {
    const { entry, options } = workerLaunch(this.#file);
    const worker = new Worker(entry, {
      ...options,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb },
    });
    const slot: Slot = { worker, ready: false };
    this.#slots.add(slot);
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.ready = true;
        slot.loaded = true;
        this.#dispatch();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      clearTimeout(slot.runTimer);
      slot.task = undefined;
      worker.unref();
      if (message.type === 'done') task.resolve(message.output);
      else task.reject(new WorkTaskError(message.error));
      this.#dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.ending) return;
      slot.ending = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed';
      this.#fail(
        slot,
        slot.ending === 'memory'
          ? new WorkPoolError(
              'memory',
              `the task needed more than ${this.limits.maxHeapMb} MB`,
              this.limits.maxHeapMb,
            )
          : new WorkPoolError('crashed', `the worker failed: ${error.message}`),
      );
    });
    worker.on('exit', () => {
      this.#slots.delete(slot);
      const started = slot.loaded === true;
      if (!slot.ending) {
        slot.ending = 'crashed';
        this.#fail(slot, new WorkPoolError('crashed', 'the worker exited'));
      }
      if (this.#closed) return;
      if (!started && slot.ending === 'crashed') {
        // a worker that cannot even load would fail its replacements too: fail what waits, start again on demand
        for (const task of this.#queue.splice(0)) {
          clearTimeout(task.queueTimer);
          task.reject(new WorkPoolError('crashed', 'no worker could be started'));
        }
        return;
      }
      // a worker ended by a runaway task is replaced at once, so the next caller does not wait for one to load
      if (slot.ending !== 'closed' && this.#slots.size < this.limits.size) this.#spawn();
      this.#dispatch();
    });
  }

  /** Fails the slot's running task, if any; the slot leaves the pool when its worker exits. */
  #fail(slot: Slot, error: WorkPoolError): void {
    clearTimeout(slot.runTimer);
    slot.ready = false;
    const task = slot.task;
    slot.task = undefined;
    task?.reject(error);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The problem a failed pool task answers with. `overBudget` names the 422 code of the work: `schema_too_complex`
 * for compatibility analysis, for example. A time or memory limit is that code, naming the limit; a busy or closed
 * pool is 503 with `Retry-After`; an error the task threw with an API error code (a budget error of core) keeps
 * its code, detail and fields. Anything else is returned as it is, for the error handler.
 */
export function workProblem(error: unknown, overBudget: ProblemCode): unknown {
  if (error instanceof WorkPoolError) {
    switch (error.reason) {
      case 'busy':
      case 'closed':
        return new AppError('unavailable', {
          detail: `The server is busy with other heavy work (${error.message}); try again shortly`,
          headers: { 'retry-after': '1' },
          cause: error,
        });
      case 'timeout':
        return new AppError(overBudget, {
          detail: `The work took longer than the ${error.limit} ms it may take`,
          extensions: { limit: 'time', max: error.limit },
          cause: error,
        });
      case 'memory':
        return new AppError(overBudget, {
          detail: `The work needed more than the ${error.limit} MB of memory it may use`,
          extensions: { limit: 'memory', max: error.limit },
          cause: error,
        });
      default:
        return error;
    }
  }
  if (error instanceof WorkTaskError && isProblemCode(error.code)) {
    const { code: _code, ...extensions } = error.details;
    return new AppError(error.code, { detail: error.message, extensions, cause: error });
  }
  return error;
}
