import { fromEventBridgeContent } from './content-conversion.ts';
import { linkFor, withLink } from './eventbridge-link.ts';
import type { LocalVersionSummary } from './registry-port.ts';
import type { SyncContext } from './sync-context.ts';
import { describeError } from './sync-errors.ts';
import { recordAction, type SyncAction } from './sync-result.ts';

/**
 * Registers EventBridge versions of one schema in schemagate, oldest first, each together with its
 * link so a run that stops halfway leaves nothing half-synced. Content EventBridge holds that
 * schemagate cannot read is refused, and the versions after it wait behind it.
 */
export async function pullVersions(
  context: SyncContext,
  name: string,
  versions: string[],
  schemaIsNew: boolean,
  local: LocalVersionSummary[],
): Promise<void> {
  const { registry, port, remote, result } = context;
  const kind = schemaIsNew ? 'create' : 'update';
  const metadataByVersion = new Map(local.map((v) => [v.version, v.metadata]));
  for (const remoteVersion of versions) {
    if (context.dryRun) {
      recordAction(result, {
        schema: name,
        direction: 'pull',
        kind,
        eventbridgeVersion: remoteVersion,
        status: 'planned',
      });
      continue;
    }
    const described = await remote.describe(registry, name, remoteVersion);
    let converted: ReturnType<typeof fromEventBridgeContent>;
    try {
      converted = fromEventBridgeContent(described.type, described.content ?? '');
    } catch (error) {
      result.refused.push({
        schema: name,
        reason: `EventBridge version ${remoteVersion}: ${describeError(error)}`,
      });
      return;
    }
    const link = linkFor(registry, described, 'pull');
    await context.targets.ensureLocal();
    const registered = await port.register(registry, name, {
      ...converted,
      metadata: { eventbridge: link },
    });
    let countAs: SyncAction['kind'] = kind;
    if (registered.created) {
      metadataByVersion.set(registered.version, { eventbridge: link });
    } else {
      // Same content as an existing version (EventBridge keeps a new version for a revert): link it too.
      const metadata =
        metadataByVersion.get(registered.version) ?? (await metadataOf(context, name, registered.version));
      const merged = withLink(metadata, link);
      await port.updateMetadata(registry, name, registered.version, merged);
      metadataByVersion.set(registered.version, merged);
      countAs = 'update';
    }
    recordAction(
      result,
      {
        schema: name,
        direction: 'pull',
        kind,
        eventbridgeVersion: remoteVersion,
        localVersion: registered.version,
        status: 'done',
      },
      countAs,
    );
  }
}

async function metadataOf(context: SyncContext, name: string, version: number) {
  const versions = await context.port.listVersions(context.registry, name);
  return versions.find((v) => v.version === version)?.metadata ?? {};
}
