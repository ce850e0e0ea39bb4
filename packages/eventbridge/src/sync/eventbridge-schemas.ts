import {
  CreateRegistryCommand,
  CreateSchemaCommand,
  DescribeRegistryCommand,
  DescribeSchemaCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  SchemasClient,
  type SchemasClientConfig,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import { type RetryPolicy, withRetry } from './retry.ts';
import { hasErrorName } from './sync-errors.ts';

/** A schema as ListSchemas reports it. */
export interface RemoteSchemaSummary {
  name: string;
  arn: string;
  versionCount: number;
  lastModified?: Date;
}

/** A version as ListSchemaVersions reports it. */
export interface RemoteVersionSummary {
  version: string;
  type: 'OpenApi3' | 'JSONSchemaDraft4' | string;
}

/** One version with its content, as DescribeSchema/CreateSchema/UpdateSchema report it. */
export interface RemoteVersion {
  name: string;
  arn: string;
  version: string;
  type: string;
  content?: string;
  lastModified?: Date;
  versionCreatedDate?: Date;
}

/**
 * Creates a Schemas client for the sync. SDK retries are off (`maxAttempts: 1`) because the sync
 * retries each call itself with an injectable policy; two layers would multiply the attempts.
 */
export function createSchemasClient(config: SchemasClientConfig = {}): SchemasClient {
  return new SchemasClient({ ...config, maxAttempts: 1 });
}

/**
 * The Schema Registry operations the sync uses, each call retried on throttling and 5xx, and
 * list operations followed across all pages.
 */
export class EventBridgeSchemas {
  constructor(
    private readonly client: SchemasClient,
    private readonly retry: RetryPolicy,
    private readonly onRetry?: (error: unknown, operation: string) => void,
    private readonly pageSize?: number,
  ) {}

  private call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return withRetry(run, this.retry, (error) => this.onRetry?.(error, operation));
  }

  /** True when the registry exists. */
  async registryExists(registry: string): Promise<boolean> {
    try {
      await this.call('DescribeRegistry', () =>
        this.client.send(new DescribeRegistryCommand({ RegistryName: registry })),
      );
      return true;
    } catch (error) {
      if (hasErrorName(error, 'NotFoundException')) return false;
      throw error;
    }
  }

  async createRegistry(registry: string): Promise<void> {
    await this.call('CreateRegistry', () =>
      this.client.send(
        new CreateRegistryCommand({ RegistryName: registry, Description: 'Created by schemagate sync' }),
      ),
    );
  }

  /** Every schema of the registry, across all pages. */
  async listSchemas(registry: string): Promise<RemoteSchemaSummary[]> {
    const all: RemoteSchemaSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('ListSchemas', () =>
        this.client.send(
          new ListSchemasCommand({ RegistryName: registry, NextToken: token, Limit: this.pageSize }),
        ),
      );
      for (const schema of page.Schemas ?? []) {
        if (!schema.SchemaName) continue;
        const summary: RemoteSchemaSummary = {
          name: schema.SchemaName,
          arn: schema.SchemaArn ?? '',
          versionCount: schema.VersionCount ?? 0,
        };
        if (schema.LastModified) summary.lastModified = schema.LastModified;
        all.push(summary);
      }
      token = page.NextToken || undefined;
    } while (token);
    return all;
  }

  /** Every version of one schema, across all pages. */
  async listVersions(registry: string, name: string): Promise<RemoteVersionSummary[]> {
    const all: RemoteVersionSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('ListSchemaVersions', () =>
        this.client.send(
          new ListSchemaVersionsCommand({
            RegistryName: registry,
            SchemaName: name,
            NextToken: token,
            Limit: this.pageSize,
          }),
        ),
      );
      for (const version of page.SchemaVersions ?? []) {
        if (version.SchemaVersion) all.push({ version: version.SchemaVersion, type: version.Type ?? '' });
      }
      token = page.NextToken || undefined;
    } while (token);
    return all;
  }

  /** One version with content; the latest when `version` is omitted. */
  async describe(registry: string, name: string, version?: string): Promise<RemoteVersion> {
    const out = await this.call('DescribeSchema', () =>
      this.client.send(
        new DescribeSchemaCommand({ RegistryName: registry, SchemaName: name, SchemaVersion: version }),
      ),
    );
    return toRemoteVersion(name, out);
  }

  /** CreateSchema: the first version of a new schema. It has no idempotency token in the API. */
  async create(registry: string, name: string, type: string, content: string): Promise<RemoteVersion> {
    const out = await this.call('CreateSchema', () =>
      this.client.send(
        new CreateSchemaCommand({
          RegistryName: registry,
          SchemaName: name,
          Type: type as 'OpenApi3',
          Content: content,
        }),
      ),
    );
    return toRemoteVersion(name, out);
  }

  /** UpdateSchema: a new version; the same `clientTokenId` on a retry creates nothing new. */
  async update(
    registry: string,
    name: string,
    type: string,
    content: string,
    clientTokenId: string,
  ): Promise<RemoteVersion> {
    const out = await this.call('UpdateSchema', () =>
      this.client.send(
        new UpdateSchemaCommand({
          RegistryName: registry,
          SchemaName: name,
          Type: type as 'OpenApi3',
          Content: content,
          ClientTokenId: clientTokenId,
        }),
      ),
    );
    return toRemoteVersion(name, out);
  }
}

function toRemoteVersion(
  name: string,
  out: {
    SchemaArn?: string;
    SchemaVersion?: string;
    Type?: string;
    Content?: string;
    LastModified?: Date;
    VersionCreatedDate?: Date;
  },
): RemoteVersion {
  const version: RemoteVersion = {
    name,
    arn: out.SchemaArn ?? '',
    version: out.SchemaVersion ?? '',
    type: out.Type ?? '',
  };
  if (out.Content !== undefined) version.content = out.Content;
  if (out.LastModified) version.lastModified = out.LastModified;
  if (out.VersionCreatedDate) version.versionCreatedDate = out.VersionCreatedDate;
  return version;
}
