import { DEFAULT_LEASE_SECONDS, type StoreTimingOptions } from './types.ts';

/** The timing rules both stores share, resolved once from the options. */
export interface LeaseTiming {
  now: () => number;
  leaseMs(leaseSeconds: number | undefined): number;
  /** What an in-flight caller is told to wait: the lease left, capped, at least a second (Retry-After counts whole seconds). */
  retryAfter(lockedUntil: number): number;
}

export function leaseTiming(options: StoreTimingOptions = {}): LeaseTiming {
  const now = options.clock ?? Date.now;
  const defaultLease = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const cap = options.retryAfterSeconds ?? 1;
  return {
    now,
    leaseMs: (leaseSeconds) => Math.round((leaseSeconds ?? defaultLease) * 1000),
    retryAfter: (lockedUntil) => Math.max(1, Math.min(cap, Math.ceil((lockedUntil - now()) / 1000))),
  };
}
