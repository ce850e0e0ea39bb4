import type { SyncDirection } from './sync-plan.ts';

/** One version copied (or, in a dry run, to be copied). */
export interface SyncAction {
  schema: string;
  direction: 'pull' | 'push';
  /** `create`: the schema is new on the target side; `update`: a version added to an existing schema. */
  kind: 'create' | 'update';
  localVersion?: number;
  eventbridgeVersion?: string;
  status: 'planned' | 'done';
}

export interface SyncRefusal {
  schema: string;
  version?: number;
  reason: string;
}

export interface SyncConflict {
  schema: string;
  /** Local versions EventBridge does not have. */
  localVersions: number[];
  /** EventBridge versions schemagate does not have. */
  eventbridgeVersions: string[];
  reason: string;
}

export interface SyncError {
  schema?: string;
  message: string;
}

/** The outcome of one sync run. Counts are versions; `unchanged` counts schemas. */
export interface SyncResult {
  registry: string;
  direction: SyncDirection;
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  refused: SyncRefusal[];
  conflicts: SyncConflict[];
  errors: SyncError[];
  actions: SyncAction[];
  /** Calls retried after throttling or a 5xx. */
  retries: number;
}

/** The result of a run that has done nothing yet. */
export function emptySyncResult(registry: string, direction: SyncDirection, dryRun: boolean): SyncResult {
  return {
    registry,
    direction,
    dryRun,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: [],
    conflicts: [],
    errors: [],
    actions: [],
    retries: 0,
  };
}

/**
 * Records one version copied and counts it. `countAs` differs from the action's kind only when a
 * pull into a new schema lands on content the registry already held: that adds no version.
 */
export function recordAction(
  result: SyncResult,
  action: SyncAction,
  countAs: SyncAction['kind'] = action.kind,
): void {
  result.actions.push(action);
  if (countAs === 'create') result.created += 1;
  else result.updated += 1;
}

/** Versions written so far, created or added; a pass that adds none cannot unblock another. */
export function writtenCount(result: SyncResult): number {
  return result.created + result.updated;
}

/** Schemas finish in any order under concurrency; a stable order makes results comparable. */
export function sortBySchema(result: SyncResult): void {
  const bySchema = (a: { schema?: string }, b: { schema?: string }) =>
    (a.schema ?? '').localeCompare(b.schema ?? '');
  result.actions.sort(bySchema);
  result.refused.sort(bySchema);
  result.conflicts.sort(bySchema);
  result.errors.sort(bySchema);
}
