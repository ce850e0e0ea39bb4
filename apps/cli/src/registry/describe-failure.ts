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
  return (
    describeRefusal(error, connection) ??
    `${error.status} ${error.code}: ${error.problem.detail ?? error.problem.title}`
  );
}

/** What a 401 or 403 answer was, as the server sent it. */
export interface Refusal {
  status: number;
  code: string;
  problem: { detail?: string | undefined };
}

const keyOrigin = (connection: Connection) =>
  connection.keySource === 'flag'
    ? '--key'
    : connection.keySource === 'env'
      ? 'SCHEMAGATE_KEY'
      : `the admin key file ${connection.keyFile}`;

/**
 * The sentence for a refused key (401 `missing_key` or `invalid_key`, or 403), saying where the key came from
 * and what to change; undefined for any other answer. Shared by every command that talks to a registry, over the
 * SDK or not.
 */
export function describeRefusal(refusal: Refusal, connection: Connection): string | undefined {
  const said = refusal.problem.detail ? `: ${refusal.problem.detail}` : '';
  if (refusal.status === 403) {
    return `the key from ${keyOrigin(connection)} lacks the scope this needs (403 ${refusal.code}${said})`;
  }
  if (refusal.status !== 401) return undefined;
  const answer = `${connection.url} refused the request (401 ${refusal.code}${said})`;
  if (connection.keySource === 'none') {
    return (
      `${answer}: no key was given and ${connection.keyFile} was not found. Pass --key, set SCHEMAGATE_KEY, ` +
      'or point --data (SCHEMAGATE_DATA) at the data folder of the server, where `schemagate serve` wrote its admin key'
    );
  }
  if (refusal.code === 'missing_key') {
    return `${answer}: the key from ${keyOrigin(connection)} did not arrive as \`Authorization: Bearer <key>\`; is a proxy dropping the header?`;
  }
  const fix =
    connection.keySource === 'file'
      ? 'it belongs to another data folder, or was revoked: pass --key or set SCHEMAGATE_KEY, or point --data at the data folder of the server at that URL'
      : 'check the key, or create one with `schemagate keys create --scope <scope>`';
  return `${answer}: the key from ${keyOrigin(connection)} was refused; ${fix}`;
}
