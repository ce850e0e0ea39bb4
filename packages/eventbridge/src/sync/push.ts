import { clientTokenFor } from './client-token.ts';
import { createdElsewhere } from './conflicts.ts';
import { type EventBridgeContent, sameJsonDocument, toEventBridgeContent } from './content-conversion.ts';
import { linkFor, withLink } from './eventbridge-link.ts';
import type { RemoteVersion } from './eventbridge-schemas.ts';
import type { SyncContext } from './sync-context.ts';
import { hasErrorName } from './sync-errors.ts';
import { recordAction } from './sync-result.ts';

/**
 * Sends local versions of one schema to EventBridge, oldest first, and records each one's link once
 * EventBridge has it. Updates carry a ClientTokenId derived from the content fingerprint, so
 * re-sending after a lost answer creates nothing.
 */
export async function pushVersions(
  context: SyncContext,
  name: string,
  versions: number[],
  schemaIsNew: boolean,
): Promise<void> {
  const { registry, port, remote, result } = context;
  let remoteSchemaExists = !schemaIsNew;
  for (const localVersion of versions) {
    const version = await port.getVersion(registry, name, localVersion);
    const content = toEventBridgeContent(version, context.dialectOf);
    if (!content.ok) {
      // Later versions stay behind the refused one so both sides keep the same order.
      result.refused.push({ schema: name, version: localVersion, reason: content.reason });
      return;
    }
    const kind = remoteSchemaExists ? 'update' : 'create';
    if (context.dryRun) {
      recordAction(result, { schema: name, direction: 'push', kind, localVersion, status: 'planned' });
      remoteSchemaExists = true;
      continue;
    }
    await context.targets.ensureRemote();
    const created = remoteSchemaExists
      ? await remote.update(
          registry,
          name,
          content.type,
          content.content,
          clientTokenFor(registry, name, version.fingerprint),
        )
      : await createRemoteSchema(context, name, content);
    if (!created) return;
    remoteSchemaExists = true;
    await port.updateMetadata(
      registry,
      name,
      localVersion,
      withLink(version.metadata, linkFor(registry, created, 'push')),
    );
    recordAction(result, {
      schema: name,
      direction: 'push',
      kind,
      localVersion,
      eventbridgeVersion: created.version,
      status: 'done',
    });
  }
}

/**
 * CreateSchema has no idempotency token. If it answers ConflictException, an earlier attempt
 * (whose answer was lost) may have created it: same content means that attempt, anything else is
 * a real conflict.
 */
async function createRemoteSchema(
  context: SyncContext,
  name: string,
  content: Extract<EventBridgeContent, { ok: true }>,
): Promise<RemoteVersion | undefined> {
  const { registry, remote } = context;
  try {
    return await remote.create(registry, name, content.type, content.content);
  } catch (error) {
    if (!hasErrorName(error, 'ConflictException')) throw error;
  }
  const latest = await remote.describe(registry, name);
  if (latest.content !== undefined && sameJsonDocument(latest.content, content.content)) return latest;
  context.result.conflicts.push(createdElsewhere(name, latest.version));
  return undefined;
}
