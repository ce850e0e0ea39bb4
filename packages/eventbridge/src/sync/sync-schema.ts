import { bothSidesChanged, matchByContent } from './conflicts.ts';
import type { RemoteSchemaSummary } from './eventbridge-schemas.ts';
import { pullVersions } from './pull.ts';
import { pushVersions } from './push.ts';
import type { SyncContext } from './sync-context.ts';
import {
  planSchema,
  remoteUnchangedSinceSync,
  unlinkedLocalVersions,
  unlinkedRemoteVersions,
} from './sync-plan.ts';

/**
 * Syncs one schema: finds what each side gained since the last sync, plans, and pulls, pushes or
 * reports a conflict. `summary` is absent when EventBridge has no such schema; `localExists` false
 * spares listing a schema schemagate does not have.
 */
export async function syncSchema(
  context: SyncContext,
  name: string,
  summary: RemoteSchemaSummary | undefined,
  localExists: boolean,
): Promise<void> {
  const { registry, direction, port, remote, result } = context;
  const local = localExists ? await port.listVersions(registry, name) : [];
  let newLocal = unlinkedLocalVersions(local);
  if (direction === 'push' && newLocal.length === 0) {
    result.unchanged += 1;
    return;
  }
  let newRemote: string[] = [];
  if (summary && !remoteUnchangedSinceSync(summary, local)) {
    newRemote = unlinkedRemoteVersions(local, await remote.listVersions(registry, name));
  }
  if (newLocal.length > 0 && newRemote.length > 0) {
    ({ newLocal, newRemote } = await matchByContent(context, name, local, newLocal, newRemote));
  }
  const plan = planSchema({
    direction,
    newLocal,
    newRemote,
    localExists: local.length > 0,
    remoteExists: summary !== undefined && summary.versionCount > 0,
  });
  switch (plan.kind) {
    case 'unchanged':
      result.unchanged += 1;
      return;
    case 'conflict':
      result.conflicts.push(bothSidesChanged(name, plan.localVersions, plan.remoteVersions));
      return;
    case 'pull':
      return pullVersions(context, name, plan.versions, plan.schemaIsNew, local);
    case 'push':
      return pushVersions(context, name, plan.versions, plan.schemaIsNew);
  }
}
