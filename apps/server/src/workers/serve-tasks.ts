import { parentPort } from 'node:worker_threads';
import { serializeError, type TaskTable, type WorkerMessage, type WorkRequest } from './protocol.ts';

/**
 * The worker side of a {@link WorkPool}: runs one task at a time from `table` and answers each with its output or
 * its error. Says `ready` once its modules are loaded, so the pool starts a task's time limit only then.
 */
export function serveTasks(table: TaskTable): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread');
  const send = (message: WorkerMessage) => port.postMessage(message);
  port.on('message', async (request: WorkRequest) => {
    try {
      const task = Object.hasOwn(table, request.kind) ? table[request.kind] : undefined;
      if (!task) throw new Error(`no task named ${request.kind}`);
      send({ type: 'done', id: request.id, output: await task(request.input) });
    } catch (error) {
      send({ type: 'failed', id: request.id, error: serializeError(error) });
    }
  });
  send({ type: 'ready' });
}
