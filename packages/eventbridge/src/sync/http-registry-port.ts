import type {
  LocalVersion,
  LocalVersionSummary,
  RegisterResult,
  RegistryPort,
  SchemaFormat,
} from './registry-port.ts';

/**
 * The methods of `@schemagate/sdk`'s `SchemagateClient` (`createClient({ url, key })`) that the port
 * uses. Declared here by shape rather than imported: the SDK's own tests use this package's
 * emulator, so importing the SDK would make the two packages depend on each other.
 */
export interface RegistryHttpClient {
  getRegistry(registry: string): Promise<unknown>;
  putRegistry(registry: string, body?: { description?: string; compatibility?: 'NONE' }): Promise<unknown>;
  listAllSchemas(registry: string): AsyncIterable<{ name: string }>;
  listVersions(
    registry: string,
    name: string,
  ): Promise<{
    items: Array<{
      version: number;
      fingerprint: string;
      format: string;
      metadata?: Record<string, unknown>;
    }>;
  }>;
  getVersion(
    registry: string,
    name: string,
    version: number,
  ): Promise<{
    version: {
      version: number;
      fingerprint: string;
      format: string;
      metadata?: Record<string, unknown>;
      schema: unknown;
    };
  }>;
  registerVersion(
    registry: string,
    name: string,
    body: { schema: unknown; format?: SchemaFormat; metadata?: Record<string, unknown> },
  ): Promise<{ created: boolean; result: { version: number } }>;
  patchVersion(
    registry: string,
    name: string,
    version: number,
    body: { metadata?: Record<string, unknown> },
  ): Promise<unknown>;
}

/**
 * A {@link RegistryPort} on a running schemagate server, through the SDK's typed client (pass
 * `createClient({ url, key })` from `@schemagate/sdk`). A missing registry or schema reads as
 * empty; every other failure (409 incompatible, 422 invalid, auth) is rethrown as the SDK's
 * `SchemagateError`, and the sync reports it against that schema. A registry it creates gets
 * compatibility `NONE`; an existing registry keeps its settings.
 */
export function createHttpRegistryPort(client: RegistryHttpClient): RegistryPort {
  return {
    async ensureRegistry(registry) {
      try {
        await client.getRegistry(registry);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        // EventBridge enforces no compatibility between versions, so a mirror of its history cannot
        // either: under the default BACKWARD mode an ordinary EventBridge history would be refused.
        await client.putRegistry(registry, {
          description: 'Mirrors the EventBridge registry of the same name',
          compatibility: 'NONE',
        });
      }
    },

    async listSchemas(registry) {
      const names: string[] = [];
      try {
        for await (const schema of client.listAllSchemas(registry)) names.push(schema.name);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      return names;
    },

    async listVersions(registry, name): Promise<LocalVersionSummary[]> {
      try {
        const { items } = await client.listVersions(registry, name);
        return items.map((v) => ({
          version: v.version,
          fingerprint: v.fingerprint,
          format: v.format as SchemaFormat,
          metadata: v.metadata ?? {},
        }));
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },

    async getVersion(registry, name, version): Promise<LocalVersion> {
      const { version: read } = await client.getVersion(registry, name, version);
      return {
        version: read.version,
        fingerprint: read.fingerprint,
        format: read.format as SchemaFormat,
        metadata: read.metadata ?? {},
        schema: read.schema,
      };
    },

    async register(registry, name, input): Promise<RegisterResult> {
      const { created, result } = await client.registerVersion(registry, name, {
        schema: input.schema,
        format: input.format,
        metadata: input.metadata,
      });
      return { version: result.version, created };
    },

    async updateMetadata(registry, name, version, metadata) {
      await client.patchVersion(registry, name, version, { metadata });
    },
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404;
}
