import { type CompatibilityCheckArgs, checkCompatibility, hasBoundedBacktracking } from '@schemagate/core';
import { schemaTasks } from './schema-tasks.ts';

/**
 * The work the server's pool runs off the main thread (see `services/work-pool.ts`). Each task takes one
 * structured-cloneable input and answers a cloneable value; an error it throws reaches the caller as a
 * `WorkTaskError` with the error's `code` and fields.
 */
export const workTasks = {
  /** A compatibility report (core's `checkCompatibility`), within the step and time budget in `args.limits`. */
  compatibility: (args: CompatibilityCheckArgs) => checkCompatibility(args),
  /** redos-detector's opinion of each pattern (up to ~70 ms a pattern), for the main thread to record. */
  secondOpinions: (input: { patterns: string[]; flags: string }) =>
    input.patterns.map((pattern) => hasBoundedBacktracking(pattern, input.flags)),
  /** Compiling large schemas, validating costly events, generating bindings (`schema-tasks.ts`). */
  ...schemaTasks,
};

export type WorkTasks = typeof workTasks;
