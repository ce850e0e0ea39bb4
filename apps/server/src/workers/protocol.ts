/** Messages between a {@link WorkPool} and its workers (`serve-tasks.ts`). */

/** A task for a worker: which entry of the task table, and its input. */
export interface WorkRequest {
  id: number;
  kind: string;
  input: unknown;
}

/** An error thrown by a task, as it crosses back to the caller's thread. */
export interface SerializedTaskError {
  name: string;
  message: string;
  /** The error's own enumerable fields: `code`, and whatever else it carries (`limit`, `max`, ...). */
  details: Record<string, unknown>;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; output: unknown }
  | { type: 'failed'; id: number; error: SerializedTaskError };

/** A table of tasks a worker can run: each takes one cloneable input and answers a cloneable value. */
// biome-ignore lint/suspicious/noExplicitAny: each task declares its own input type
export type TaskTable = Record<string, (input: any) => unknown>;

export function serializeError(error: unknown): SerializedTaskError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), details: {} };
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) details[key] = value;
  }
  // `code` is often a getter or a class field; keep it whichever it is
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') details.code = code;
  return { name: error.name, message: error.message, details };
}
