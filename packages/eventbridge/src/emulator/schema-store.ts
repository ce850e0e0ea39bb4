import { SchemasError } from './schemas-error.ts';

/** The two content types EventBridge's Schema Registry accepts. */
export type EventBridgeSchemaType = 'OpenApi3' | 'JSONSchemaDraft4';

/** EventBridge refuses schema content longer than this many characters. */
export const MAX_SCHEMA_CONTENT_CHARS = 100_000;

/** One immutable version of an emulated schema. */
export interface StoredSchemaVersion {
  version: string;
  type: EventBridgeSchemaType;
  content: string;
  createdAt: Date;
}

/** One emulated schema with its versions, oldest first. */
export interface StoredSchema {
  name: string;
  arn: string;
  description?: string;
  tags: Record<string, string>;
  lastModified: Date;
  versions: StoredSchemaVersion[];
  /** Highest version number ever handed out: deleted versions never get their number reused. */
  lastVersionNumber: number;
  /** ClientTokenId -> the version that request created, so a retried UpdateSchema creates nothing. */
  versionByClientToken: Map<string, string>;
}

/** One emulated registry. */
export interface StoredRegistry {
  name: string;
  arn: string;
  description?: string;
  tags: Record<string, string>;
  schemas: Map<string, StoredSchema>;
}

const ACCOUNT = '123456789012';

/**
 * The in-memory contents of the emulated Schema Registry, with EventBridge's rules on content
 * (type, size, JSON) applied. The HTTP layer translates thrown {@link SchemasError}s to wire errors.
 */
export class SchemaStore {
  readonly registries = new Map<string, StoredRegistry>();
  readonly region: string;
  /** Overridable so tests can move time forward. */
  now: () => Date = () => new Date();

  constructor(region = 'us-east-1') {
    this.region = region;
  }

  /** Creates a registry; ConflictException if it exists. */
  createRegistry(name: string, input: { description?: string; tags?: Record<string, string> } = {}) {
    if (this.registries.has(name)) {
      throw new SchemasError('ConflictException', `Registry with name ${name} already exists.`);
    }
    const registry: StoredRegistry = {
      name,
      arn: `arn:aws:schemas:${this.region}:${ACCOUNT}:registry/${name}`,
      tags: input.tags ?? {},
      schemas: new Map(),
    };
    if (input.description !== undefined) registry.description = input.description;
    this.registries.set(name, registry);
    return registry;
  }

  /** The registry, or NotFoundException. */
  getRegistry(name: string): StoredRegistry {
    const registry = this.registries.get(name);
    if (!registry) throw new SchemasError('NotFoundException', `Registry ${name} does not exist.`);
    return registry;
  }

  /** The schema, or NotFoundException. */
  getSchema(registryName: string, schemaName: string): StoredSchema {
    const schema = this.getRegistry(registryName).schemas.get(schemaName);
    if (!schema) {
      throw new SchemasError('NotFoundException', `Schema ${schemaName} does not exist in ${registryName}.`);
    }
    return schema;
  }

  /** One version of a schema (the latest when `version` is undefined), or NotFoundException. */
  getVersion(registryName: string, schemaName: string, version?: string): StoredSchemaVersion {
    const schema = this.getSchema(registryName, schemaName);
    const found =
      version === undefined ? schema.versions.at(-1) : schema.versions.find((v) => v.version === version);
    if (!found) {
      throw new SchemasError('NotFoundException', `Schema ${schemaName} version ${version} does not exist.`);
    }
    return found;
  }

  /** CreateSchema: a new schema with version 1; ConflictException if the name is taken. */
  createSchema(
    registryName: string,
    schemaName: string,
    input: { type: string; content: string; description?: string; tags?: Record<string, string> },
  ): { schema: StoredSchema; version: StoredSchemaVersion } {
    const registry = this.getRegistry(registryName);
    if (registry.schemas.has(schemaName)) {
      throw new SchemasError('ConflictException', `Schema with name ${schemaName} already exists.`);
    }
    const type = checkContent(input.type, input.content);
    const now = this.now();
    const schema: StoredSchema = {
      name: schemaName,
      arn: `arn:aws:schemas:${this.region}:${ACCOUNT}:schema/${registryName}/${schemaName}`,
      tags: input.tags ?? {},
      lastModified: now,
      versions: [],
      lastVersionNumber: 0,
      versionByClientToken: new Map(),
    };
    if (input.description !== undefined) schema.description = input.description;
    registry.schemas.set(schemaName, schema);
    return { schema, version: this.appendVersion(schema, type, input.content) };
  }

  /**
   * UpdateSchema: a new version when content is given. A ClientTokenId already seen on this schema
   * answers the version that token created and changes nothing.
   */
  updateSchema(
    registryName: string,
    schemaName: string,
    input: { type?: string; content?: string; description?: string; clientTokenId?: string },
  ): { schema: StoredSchema; version: StoredSchemaVersion } {
    const schema = this.getSchema(registryName, schemaName);
    if (input.clientTokenId !== undefined) {
      const earlier = schema.versionByClientToken.get(input.clientTokenId);
      if (earlier !== undefined) {
        return { schema, version: this.getVersion(registryName, schemaName, earlier) };
      }
    }
    if (input.description !== undefined) {
      schema.description = input.description;
      schema.lastModified = this.now();
    }
    let version = schema.versions.at(-1);
    if (input.content !== undefined) {
      const type = checkContent(input.type ?? version?.type ?? '', input.content);
      version = this.appendVersion(schema, type, input.content);
    }
    if (!version) throw new SchemasError('NotFoundException', `Schema ${schemaName} has no versions.`);
    if (input.clientTokenId !== undefined)
      schema.versionByClientToken.set(input.clientTokenId, version.version);
    return { schema, version };
  }

  /** DeleteSchema: removes the schema and all its versions. */
  deleteSchema(registryName: string, schemaName: string): void {
    this.getSchema(registryName, schemaName);
    this.getRegistry(registryName).schemas.delete(schemaName);
  }

  /**
   * Seeds a version directly, without going through HTTP: tests and benches use it to fill the
   * emulator quickly. Creates the registry and schema as needed.
   */
  seedVersion(registryName: string, schemaName: string, type: EventBridgeSchemaType, content: string) {
    if (!this.registries.has(registryName)) this.createRegistry(registryName);
    const registry = this.getRegistry(registryName);
    if (!registry.schemas.has(schemaName)) {
      return this.createSchema(registryName, schemaName, { type, content }).version;
    }
    return this.updateSchema(registryName, schemaName, { type, content }).version;
  }

  private appendVersion(schema: StoredSchema, type: EventBridgeSchemaType, content: string) {
    const now = this.now();
    schema.lastVersionNumber += 1;
    const version: StoredSchemaVersion = {
      version: String(schema.lastVersionNumber),
      type,
      content,
      createdAt: now,
    };
    schema.versions.push(version);
    schema.lastModified = now;
    return version;
  }
}

function checkContent(type: string, content: string): EventBridgeSchemaType {
  if (type !== 'OpenApi3' && type !== 'JSONSchemaDraft4') {
    throw new SchemasError(
      'BadRequestException',
      `Type must be OpenApi3 or JSONSchemaDraft4, got '${type}'.`,
    );
  }
  if (content.length > MAX_SCHEMA_CONTENT_CHARS) {
    throw new SchemasError(
      'BadRequestException',
      `Content is ${content.length} characters; the limit is ${MAX_SCHEMA_CONTENT_CHARS}.`,
    );
  }
  try {
    JSON.parse(content);
  } catch {
    throw new SchemasError('BadRequestException', 'Content is not valid JSON.');
  }
  return type;
}
