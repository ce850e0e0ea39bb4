import { isSchemagateError } from '@schemagate/sdk';
import type { Connection } from './connection.ts';

/**
 * Turns a failed call into a sentence that says what to do, for the errors a person at a terminal can fix:
 * no server, no key, the wrong key.
 */
export function describeFailure(error: unknown, connection: Connection): string {
  if (!isSchemagateError(error)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'network_error' || error.code === 'timeout') {
    return `cannot reach the registry at ${connection.url} (${error.problem.detail ?? error.code}); is \`schemagate serve\` running, or is --url wrong?`;
  }
  if (error.status === 401) {
    const where =
      connection.keySource === 'none'
        ? `no key was given: pass --key, set SCHEMAGATE_KEY, or start the server once so it writes ${connection.keyFile}`
        : `the key from ${connection.keySource === 'file' ? connection.keyFile : connection.keySource === 'env' ? 'SCHEMAGATE_KEY' : '--key'} was refused`;
    return `${connection.url} refused the request (401): ${where}`;
  }
  if (error.status === 403)
    return `the key lacks the scope this needs (403): ${error.problem.detail ?? error.message}`;
  return `${error.status} ${error.code}: ${error.problem.detail ?? error.problem.title}`;
}
