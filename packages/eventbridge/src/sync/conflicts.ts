import { sameJsonDocument, toEventBridgeContent } from './content-conversion.ts';
import { linkFor, withLink } from './eventbridge-link.ts';
import type { LocalVersionSummary } from './registry-port.ts';
import type { SyncContext } from './sync-context.ts';
import type { SyncConflict } from './sync-result.ts';

/** Both sides gained versions the other lacks since the last sync: neither side is overwritten. */
export function bothSidesChanged(
  schema: string,
  localVersions: number[],
  eventbridgeVersions: string[],
): SyncConflict {
  return {
    schema,
    localVersions,
    eventbridgeVersions,
    reason: `both sides changed since the last sync: schemagate has version(s) ${localVersions.join(', ')} and EventBridge has version(s) ${eventbridgeVersions.join(', ')} that the other lacks`,
  };
}

/** CreateSchema was refused and the schema EventBridge now holds is not what this run sent. */
export function createdElsewhere(schema: string, eventbridgeVersion: string): SyncConflict {
  return {
    schema,
    localVersions: [],
    eventbridgeVersions: [eventbridgeVersion],
    reason: 'the schema appeared in EventBridge with different content while this sync was creating it',
  };
}

/**
 * Before calling two unlinked sides a conflict, pairs versions whose content is identical: that
 * is what a run that stopped between writing to EventBridge and recording the link leaves behind.
 * Each pair is linked (unless this is a dry run); what is left is answered.
 */
export async function matchByContent(
  context: SyncContext,
  name: string,
  local: LocalVersionSummary[],
  newLocal: number[],
  newRemote: string[],
): Promise<{ newLocal: number[]; newRemote: string[] }> {
  const { registry, port, remote } = context;
  const localContent = new Map<number, { content: string; metadata: Record<string, unknown> }>();
  for (const versionNumber of newLocal) {
    const version = await port.getVersion(registry, name, versionNumber);
    const content = toEventBridgeContent(version, context.dialectOf);
    if (content.ok) localContent.set(versionNumber, { content: content.content, metadata: version.metadata });
  }
  const remaining = new Set(newLocal);
  const unmatchedRemote: string[] = [];
  for (const remoteVersion of newRemote) {
    const described = await remote.describe(registry, name, remoteVersion);
    const match = [...remaining].find((v) => {
      const candidate = localContent.get(v);
      return (
        candidate && described.content !== undefined && sameJsonDocument(candidate.content, described.content)
      );
    });
    if (match === undefined) {
      unmatchedRemote.push(remoteVersion);
      continue;
    }
    remaining.delete(match);
    if (!context.dryRun) {
      const metadata =
        localContent.get(match)?.metadata ?? local.find((v) => v.version === match)?.metadata ?? {};
      await port.updateMetadata(
        registry,
        name,
        match,
        withLink(metadata, linkFor(registry, described, 'push')),
      );
    }
  }
  return { newLocal: [...remaining], newRemote: unmatchedRemote };
}
