import { fingerprint } from '@schemagate/core';
import type { LocalVersion, RegisterResult, RegistryPort, SchemaFormat } from './registry-port.ts';

/**
 * A {@link RegistryPort} held in memory, with schemagate's rule that identical content (by
 * fingerprint) answers the existing version. For tests, benches and dry experiments; it does not
 * check compatibility or validate schemas.
 */
export class InMemoryRegistryPort implements RegistryPort {
  readonly registries = new Map<string, Map<string, LocalVersion[]>>();
  /** Calls per method, so tests can assert what a sync did locally. */
  readonly calls = new Map<string, number>();

  async ensureRegistry(registry: string): Promise<void> {
    this.count('ensureRegistry');
    if (!this.registries.has(registry)) this.registries.set(registry, new Map());
  }

  async listSchemas(registry: string): Promise<string[]> {
    this.count('listSchemas');
    return [...(this.registries.get(registry)?.keys() ?? [])];
  }

  async listVersions(registry: string, name: string) {
    this.count('listVersions');
    return (this.registries.get(registry)?.get(name) ?? []).map(({ schema: _schema, ...summary }) => ({
      ...summary,
      metadata: structuredClone(summary.metadata),
    }));
  }

  async getVersion(registry: string, name: string, version: number): Promise<LocalVersion> {
    this.count('getVersion');
    const found = this.registries
      .get(registry)
      ?.get(name)
      ?.find((v) => v.version === version);
    if (!found) throw new Error(`${registry}/${name} has no version ${version}`);
    return structuredClone(found);
  }

  async register(
    registry: string,
    name: string,
    input: { format: SchemaFormat; schema: unknown; metadata?: Record<string, unknown> },
  ): Promise<RegisterResult> {
    this.count('register');
    const schemas = this.registries.get(registry);
    if (!schemas) throw new Error(`registry ${registry} does not exist`);
    const versions = schemas.get(name) ?? [];
    const print = fingerprint(input.schema);
    const same = versions.find((v) => v.fingerprint === print);
    if (same) return { version: same.version, created: false };
    const version = (versions.at(-1)?.version ?? 0) + 1;
    versions.push({
      version,
      fingerprint: print,
      format: input.format,
      metadata: structuredClone(input.metadata ?? {}),
      schema: structuredClone(input.schema),
    });
    schemas.set(name, versions);
    return { version, created: true };
  }

  async updateMetadata(registry: string, name: string, version: number, metadata: Record<string, unknown>) {
    this.count('updateMetadata');
    const found = this.registries
      .get(registry)
      ?.get(name)
      ?.find((v) => v.version === version);
    if (!found) throw new Error(`${registry}/${name} has no version ${version}`);
    found.metadata = structuredClone(metadata);
  }

  /** Number of calls of one method, or of all when omitted. */
  callCount(method?: string): number {
    if (method !== undefined) return this.calls.get(method) ?? 0;
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  private count(method: string) {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }
}
