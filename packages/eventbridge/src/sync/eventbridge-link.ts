import type { RemoteVersion } from './eventbridge-schemas.ts';
import type { LocalVersionSummary } from './registry-port.ts';

/**
 * What a local version records about its EventBridge counterpart, under `metadata.eventbridge`.
 * The sync derives "what was already synced" from these records alone: no state file.
 */
export interface EventBridgeLink {
  registry: string;
  schemaArn: string;
  /** The EventBridge version number this content has (the newest, when `versions` has several). */
  version: string;
  /** Every EventBridge version with this content: EventBridge keeps a new version for a revert, schemagate does not. */
  versions: string[];
  /** The schema's LastModified as EventBridge reported it when this version was synced (ISO 8601). */
  lastModified: string;
  versionCreatedDate?: string;
  type: 'OpenApi3' | 'JSONSchemaDraft4';
  /** Whether the content came from EventBridge (`pull`) or went to it (`push`). */
  origin: 'pull' | 'push';
}

/** The link recorded on a version, if it has one. */
export function readLink(version: Pick<LocalVersionSummary, 'metadata'>): EventBridgeLink | undefined {
  const link = version.metadata.eventbridge;
  if (typeof link !== 'object' || link === null) return undefined;
  const candidate = link as Partial<EventBridgeLink>;
  if (typeof candidate.version !== 'string' || !Array.isArray(candidate.versions)) return undefined;
  return candidate as EventBridgeLink;
}

/** The link that records `version` of EventBridge as the counterpart of a local version. */
export function linkFor(
  registry: string,
  version: RemoteVersion,
  origin: EventBridgeLink['origin'],
): EventBridgeLink {
  const link: EventBridgeLink = {
    registry,
    schemaArn: version.arn,
    version: version.version,
    versions: [version.version],
    lastModified: (version.lastModified ?? new Date()).toISOString(),
    type: version.type as EventBridgeLink['type'],
    origin,
  };
  if (version.versionCreatedDate) link.versionCreatedDate = version.versionCreatedDate.toISOString();
  return link;
}

/** The version's metadata with `link` merged in (EventBridge version lists are unioned). */
export function withLink(metadata: Record<string, unknown>, link: EventBridgeLink): Record<string, unknown> {
  const earlier = readLink({ metadata });
  if (!earlier) return { ...metadata, eventbridge: link };
  const versions = [...new Set([...earlier.versions, ...link.versions])].sort(byVersionNumber);
  return {
    ...metadata,
    eventbridge: { ...earlier, ...link, versions, version: versions.at(-1) ?? link.version },
  };
}

/** Orders EventBridge version strings ('1', '2', '10') numerically. */
export function byVersionNumber(a: string, b: string): number {
  return Number(a) - Number(b);
}
