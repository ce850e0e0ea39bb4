/**
 * Telling a storage fault (the database is unreachable, shutting down, starting up, or did not answer in time)
 * from a bug: the first is worth a retry by the client, the second is not.
 */

// SQLSTATE classes and codes that say "storage cannot serve now", not "this request is wrong":
// 08 connection exception, 53 insufficient resources (too many connections, out of disk), 57P01-57P05
// shutdown/startup, 57014 statement_timeout (or a cancel), 55P03 lock_timeout, 25P03 idle-in-transaction timeout
const unavailableStates = /^(08|53|57P0[1-5]$|57014$|55P03$|25P03$)/;

// Node socket errors, postgres.js connection errors, and PGlite after close
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'STORAGE_TIMEOUT',
]);

const closedPglite = /pglite is closed/i;

/**
 * Whether an error (or anything it wraps: drizzle's `DrizzleQueryError.cause`, an `AggregateError`'s `errors`)
 * says storage is unavailable for now. Works for postgres.js and PGlite errors alike.
 */
export function isStorageUnavailable(error: unknown): boolean {
  return storageFault(error) !== undefined;
}

/** The innermost error that makes {@link isStorageUnavailable} true, for a log line or a `/readyz` reason. */
export function storageFault(error: unknown, depth = 0): Error | undefined {
  if (!(error instanceof Error) || depth > 8) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unavailableCodes.has(code) || unavailableStates.test(code))) {
    return error;
  }
  if (closedPglite.test(error.message)) return error;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = storageFault(inner, depth + 1);
      if (found) return found;
    }
  }
  return storageFault(error.cause, depth + 1);
}

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  CONNECT_TIMEOUT: 'connection timed out',
  CONNECTION_CLOSED: 'connection closed',
  CONNECTION_ENDED: 'connection ended',
  CONNECTION_DESTROYED: 'connection closed',
  STORAGE_TIMEOUT: 'no answer in time',
  '57P01': 'the database is shutting down',
  '57P02': 'the database crashed',
  '57P03': 'the database is starting up or shutting down',
  '57014': 'a statement timed out',
  '55P03': 'a lock wait timed out',
  '53300': 'too many connections',
};

/**
 * A short reason for a storage fault, fit to show a client: the kind of fault, never a host, port or query.
 * Undefined when the error is not a storage fault.
 */
export function storageFaultReason(error: unknown): string | undefined {
  const fault = storageFault(error);
  if (!fault) return undefined;
  const code = (fault as { code?: unknown }).code;
  if (typeof code !== 'string') return 'the embedded database is closed';
  return reasons[code] ?? (/^[0-9A-Z]{5}$/.test(code) ? `SQLSTATE ${code}` : code.toLowerCase());
}

/** Thrown when storage did not answer within its deadline. */
export class StorageTimeoutError extends Error {
  readonly code = 'STORAGE_TIMEOUT';

  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'StorageTimeoutError';
  }
}
