import { randomUUID } from 'node:crypto';
import { leaseTiming } from './lease-timing.ts';
import {
  type BeginRequest,
  type BeginResult,
  DEFAULT_SWEEP_LIMIT,
  IdempotencyLeaseLostError,
  type IdempotencyStore,
  type Lease,
  type StoredResponse,
  type StoreTimingOptions,
} from './types.ts';

interface MemoryRecord {
  fingerprint: string;
  /** Set while in progress: the owner's lease token and when its lease runs out. */
  token: string | undefined;
  lockedUntil: number;
  expiresAt: number;
  response: StoredResponse | undefined;
}

/**
 * Records in this process's memory, for tests and single-process tools: the same rules as the SQL store
 * (takeover of expired and stuck records, one owner at a time), nothing shared with other processes.
 */
export function createMemoryStore(options: StoreTimingOptions = {}): IdempotencyStore {
  const timing = leaseTiming(options);
  const records = new Map<string, MemoryRecord>();
  const id = (scope: string, key: string) => JSON.stringify([scope, key]);

  const isExpired = (record: MemoryRecord, now: number) =>
    record.expiresAt <= now || (record.token !== undefined && record.lockedUntil <= now);

  function owned(lease: Lease): MemoryRecord | undefined {
    const record = records.get(id(lease.scope, lease.key));
    return record?.token === lease.token ? record : undefined;
  }

  return {
    async begin(request: BeginRequest): Promise<BeginResult> {
      const now = timing.now();
      const recordId = id(request.scope, request.key);
      const existing = records.get(recordId);
      // a record past its TTL, or left in progress by a process whose lease ran out, counts as absent
      if (existing && !isExpired(existing, now)) {
        if (existing.fingerprint !== request.fingerprint) return { state: 'mismatch' };
        if (existing.response) return { state: 'replay', response: structuredClone(existing.response) };
        return { state: 'in_flight', retryAfterSeconds: timing.retryAfter(existing.lockedUntil) };
      }
      const token = randomUUID();
      records.set(recordId, {
        fingerprint: request.fingerprint,
        token,
        lockedUntil: now + timing.leaseMs(request.leaseSeconds),
        expiresAt: now + request.ttlSeconds * 1000,
        response: undefined,
      });
      return { state: 'acquired', lease: { scope: request.scope, key: request.key, token } };
    },

    async complete(lease, response) {
      const record = owned(lease);
      if (!record) throw new IdempotencyLeaseLostError(lease);
      record.token = undefined;
      record.response = structuredClone(response);
    },

    async insertCompleted(list) {
      const now = timing.now();
      // as the SQL store: any record of the key, even one begin would take over, leaves it to begin
      return list.map((record) => {
        const recordId = id(record.scope, record.key);
        if (records.has(recordId)) return false;
        records.set(recordId, {
          fingerprint: record.fingerprint,
          token: undefined,
          lockedUntil: 0,
          expiresAt: now + record.ttlSeconds * 1000,
          response: structuredClone(record.response),
        });
        return true;
      });
    },

    async release(lease) {
      if (owned(lease)) records.delete(id(lease.scope, lease.key));
    },

    async sweep(limit = DEFAULT_SWEEP_LIMIT) {
      const now = timing.now();
      let deleted = 0;
      for (const [recordId, record] of records) {
        if (deleted >= limit) break;
        if (isExpired(record, now)) {
          records.delete(recordId);
          deleted++;
        }
      }
      return deleted;
    },

    async close() {
      records.clear();
    },
  };
}
