import { byVersionNumber, readLink } from './eventbridge-link.ts';
import type { RemoteSchemaSummary, RemoteVersionSummary } from './eventbridge-schemas.ts';
import type { LocalVersionSummary } from './registry-port.ts';

/** Which way a sync copies versions. */
export type SyncDirection = 'pull' | 'push' | 'both';

/** What the sync will do with one schema. */
export type SchemaPlan =
  | { kind: 'unchanged' }
  | { kind: 'pull'; versions: string[]; schemaIsNew: boolean }
  | { kind: 'push'; versions: number[]; schemaIsNew: boolean }
  | { kind: 'conflict'; localVersions: number[]; remoteVersions: string[] };

/** EventBridge version numbers some local version is already linked to. */
export function linkedRemoteVersions(local: readonly LocalVersionSummary[]): Set<string> {
  const linked = new Set<string>();
  for (const version of local) for (const remote of readLink(version)?.versions ?? []) linked.add(remote);
  return linked;
}

/** Local versions that no EventBridge version is linked to: changes made here since the last sync. */
export function unlinkedLocalVersions(local: readonly LocalVersionSummary[]): number[] {
  return local.filter((v) => !readLink(v)).map((v) => v.version);
}

/** EventBridge versions no local version is linked to: changes made there since the last sync. */
export function unlinkedRemoteVersions(
  local: readonly LocalVersionSummary[],
  remote: readonly RemoteVersionSummary[],
): string[] {
  const linked = linkedRemoteVersions(local);
  return remote
    .map((v) => v.version)
    .filter((v) => !linked.has(v))
    .sort(byVersionNumber);
}

/**
 * True when ListSchemas alone proves nothing changed in EventBridge since the last sync: as many
 * versions as are linked locally, and not modified after the newest link was recorded. This is
 * what lets an incremental pull skip ListSchemaVersions and DescribeSchema.
 */
export function remoteUnchangedSinceSync(
  summary: RemoteSchemaSummary,
  local: readonly LocalVersionSummary[],
) {
  const linked = linkedRemoteVersions(local);
  if (linked.size === 0 || summary.versionCount !== linked.size || !summary.lastModified) return false;
  let newestLink = Number.NEGATIVE_INFINITY;
  for (const version of local) {
    const recorded = readLink(version)?.lastModified;
    if (recorded) newestLink = Math.max(newestLink, Date.parse(recorded));
  }
  return summary.lastModified.getTime() <= newestLink;
}

/**
 * Decides what to do with one schema from what each side has that the other lacks. Both sides
 * changed since the last sync is a conflict whatever the direction: neither side is overwritten.
 */
export function planSchema(input: {
  direction: SyncDirection;
  newLocal: number[];
  newRemote: string[];
  localExists: boolean;
  remoteExists: boolean;
}): SchemaPlan {
  const { direction, newLocal, newRemote } = input;
  if (newLocal.length > 0 && newRemote.length > 0) {
    return { kind: 'conflict', localVersions: newLocal, remoteVersions: newRemote };
  }
  if (direction !== 'push' && newRemote.length > 0) {
    return { kind: 'pull', versions: newRemote, schemaIsNew: !input.localExists };
  }
  if (direction !== 'pull' && newLocal.length > 0) {
    return { kind: 'push', versions: newLocal, schemaIsNew: !input.remoteExists };
  }
  return { kind: 'unchanged' };
}
