/** The `code` of the error a registry answers for a `$ref` it cannot resolve (schemagate's 422 code). */
export const UNRESOLVED_REFERENCE = 'unresolved_reference';

/** The two content formats schemagate stores. */
export type SchemaFormat = 'jsonschema' | 'openapi3';

/** A version as a registry lists it, without its content. */
export interface LocalVersionSummary {
  version: number;
  fingerprint: string;
  format: SchemaFormat;
  metadata: Record<string, unknown>;
}

/** A version with its content. */
export interface LocalVersion extends LocalVersionSummary {
  schema: unknown;
}

/** What {@link RegistryPort.register} answers: the version number, and whether it is new. */
export interface RegisterResult {
  version: number;
  /** False when identical content was already registered: `version` is that earlier version. */
  created: boolean;
}

/**
 * The part of schemagate the EventBridge sync needs. The sync keeps all its state in version
 * metadata (`metadata.eventbridge`), so any implementation that stores metadata faithfully works.
 */
export interface RegistryPort {
  /** Creates the registry if it does not exist. */
  ensureRegistry(registry: string): Promise<void>;
  /** Schema names of a registry; empty when the registry does not exist. */
  listSchemas(registry: string): Promise<string[]>;
  /** Versions of one schema, oldest first; empty when the schema does not exist. */
  listVersions(registry: string, name: string): Promise<LocalVersionSummary[]>;
  getVersion(registry: string, name: string, version: number): Promise<LocalVersion>;
  /**
   * Registers content; identical content answers the existing version with `created: false`.
   * Content whose `$ref` names an `$id` the registry does not hold yet must be refused with an
   * error whose `code` is {@link UNRESOLVED_REFERENCE}: the sync then retries it after the others.
   */
  register(
    registry: string,
    name: string,
    input: { format: SchemaFormat; schema: unknown; metadata: Record<string, unknown> },
  ): Promise<RegisterResult>;
  /** Replaces a version's metadata. */
  updateMetadata(
    registry: string,
    name: string,
    version: number,
    metadata: Record<string, unknown>,
  ): Promise<void>;
}
