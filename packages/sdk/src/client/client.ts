import {
  deadLettersRoutes,
  keysRoutes,
  registriesRoutes,
  schemasRoutes,
  validationRoutes,
} from '@schemagate/api';
import type {
  ApiKeyInfo,
  Bindings,
  CallOptions,
  CheckCompatibilityInput,
  CompatibilityReport,
  CreatedKey,
  CreateKeyInput,
  DeadLetterList,
  FreshVersion,
  KeyList,
  ListDeadLettersQuery,
  ListKeysQuery,
  ListSchemasQuery,
  PatchVersionInput,
  PutRegistryInput,
  PutSchemaConfigInput,
  Quotas,
  RegisterVersionInput,
  RegisterVersionResult,
  Registry,
  RegistryList,
  ReplayDeadLettersInput,
  ReplayDeadLettersResult,
  ReplayedDeadLetter,
  SchemaConfig,
  SchemaList,
  SchemaSummary,
  SchemaVersion,
  ValidateBatchInput,
  ValidateBatchResult,
  ValidateInput,
  ValidateResult,
  VersionList,
  VersionRead,
  VersionRef,
} from './client-types.ts';
import { defaultRetryPolicy } from './retry-policy.ts';
import { type CallInput, realSleep, type Sleep, send, type TransportOptions } from './transport.ts';

export interface ClientOptions {
  /** Base URL of the registry, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** API key sent as `Authorization: Bearer`; omit for a server running with `SCHEMAGATE_AUTH=off`. */
  key?: string;
  /** A fetch implementation; defaults to the global one. Tests pass `app.fetch` of a hono app. */
  fetch?: typeof globalThis.fetch;
  /** Retries after a 429 or 503 (default 3). */
  retries?: number;
  /** Per-attempt timeout in ms, body included (default 10 000). */
  timeoutMs?: number;
  /** First backoff step when no `Retry-After` is given (default 200 ms). */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts; a longer `Retry-After` fails at once (default 30 000 ms). */
  maxRetryDelayMs?: number;
  /** Replaces the timer between retries (tests). */
  sleep?: Sleep;
  /** Source of jitter in [0, 1) (tests). */
  random?: () => number;
  /** Clock for `Retry-After` dates (tests). */
  now?: () => number;
}

/** A typed client for every route of the schemagate HTTP API (v1). Failures throw `SchemagateError`. */
export interface SchemagateClient {
  listRegistries(options?: CallOptions): Promise<RegistryList>;
  getRegistry(registry: string, options?: CallOptions): Promise<Registry>;
  /** Creates the registry (`created: true`) or updates its settings. */
  putRegistry(
    registry: string,
    body?: PutRegistryInput,
    options?: CallOptions,
  ): Promise<{ created: boolean; registry: Registry }>;
  /** One page of schemas; pass `nextCursor` back as `cursor` for the next. */
  listSchemas(registry: string, query?: ListSchemasQuery, options?: CallOptions): Promise<SchemaList>;
  /** Every schema of a registry, following cursors. */
  listAllSchemas(
    registry: string,
    query?: Omit<ListSchemasQuery, 'cursor'>,
    options?: CallOptions,
  ): AsyncIterable<SchemaSummary>;
  /**
   * Registers a version. `created` is false when identical content was already registered (200); an
   * incompatible schema throws with status 409, an invalid one with 422.
   */
  registerVersion(
    registry: string,
    name: string,
    body: RegisterVersionInput,
    options?: CallOptions,
  ): Promise<{ created: boolean; result: RegisterVersionResult }>;
  listVersions(registry: string, name: string, options?: CallOptions): Promise<VersionList>;
  /** Reads a version (default `latest`) with its ETag. */
  getVersion(
    registry: string,
    name: string,
    version?: VersionRef,
    options?: CallOptions,
  ): Promise<FreshVersion>;
  /** Conditional read: sends `If-None-Match` and reports `notModified` on a 304. */
  getVersion(
    registry: string,
    name: string,
    version: VersionRef,
    options: CallOptions & { ifNoneMatch: string | undefined },
  ): Promise<VersionRead>;
  patchVersion(
    registry: string,
    name: string,
    version: number,
    body: PatchVersionInput,
    options?: CallOptions,
  ): Promise<SchemaVersion>;
  deleteVersion(
    registry: string,
    name: string,
    version: number,
    options?: CallOptions & { permanent?: boolean },
  ): Promise<void>;
  deleteSchema(
    registry: string,
    name: string,
    options?: CallOptions & { permanent?: boolean },
  ): Promise<void>;
  getSchemaConfig(registry: string, name: string, options?: CallOptions): Promise<SchemaConfig>;
  putSchemaConfig(
    registry: string,
    name: string,
    body: PutSchemaConfigInput,
    options?: CallOptions,
  ): Promise<SchemaConfig>;
  checkCompatibility(
    registry: string,
    name: string,
    body: CheckCompatibilityInput,
    options?: CallOptions,
  ): Promise<CompatibilityReport>;
  /** The generated TypeScript bindings of a version. */
  getBindings(registry: string, name: string, version?: VersionRef, options?: CallOptions): Promise<Bindings>;
  validate(body: ValidateInput, options?: CallOptions): Promise<ValidateResult>;
  validateBatch(body: ValidateBatchInput, options?: CallOptions): Promise<ValidateBatchResult>;
  getQuotas(options?: CallOptions): Promise<Quotas>;
  /** A page of dead letters, oldest first (a `write` key). */
  listDeadLetters(query?: ListDeadLettersQuery, options?: CallOptions): Promise<DeadLetterList>;
  /**
   * Re-validates one dead letter against its schema's latest version and sends it on; one that still fails throws
   * a `SchemagateError` with code `event_invalid` and the new errors (the letter is kept).
   */
  replayDeadLetter(id: string, options?: CallOptions): Promise<ReplayedDeadLetter>;
  /** Replays the dead letters a filter matches, as much as one call does; go on with `nextCursor`. */
  replayDeadLetters(body?: ReplayDeadLettersInput, options?: CallOptions): Promise<ReplayDeadLettersResult>;
  deleteDeadLetter(id: string, options?: CallOptions): Promise<void>;
  /** Creates an API key (an admin key that reaches every registry); `key` is its secret, shown this once. */
  createKey(body: CreateKeyInput, options?: CallOptions): Promise<CreatedKey>;
  /** A page of live keys, never their secret. */
  listKeys(query?: ListKeysQuery, options?: CallOptions): Promise<KeyList>;
  /** Every live key, page after page. */
  listAllKeys(options?: CallOptions): AsyncIterable<ApiKeyInfo>;
  /** Revokes a key on every replica; a key that is not live throws a `SchemagateError` with code `not_found`. */
  revokeKey(id: string, options?: CallOptions): Promise<void>;
}

/**
 * Creates a client for a schemagate registry.
 *
 * @example
 * const client = createClient({ url: 'http://127.0.0.1:8080', key: process.env.SCHEMAGATE_KEY });
 * const { valid, errors } = await client.validate({ event, schema: 'com.shop.orders@OrderPlaced', registry: 'shop' });
 */
export function createClient(options: ClientOptions): SchemagateClient {
  const transport: TransportOptions = {
    baseUrl: options.url,
    key: options.key,
    fetch: options.fetch ?? globalThis.fetch,
    retry: {
      retries: options.retries ?? defaultRetryPolicy.retries,
      baseDelayMs: options.retryBaseDelayMs ?? defaultRetryPolicy.baseDelayMs,
      maxDelayMs: options.maxRetryDelayMs ?? defaultRetryPolicy.maxDelayMs,
    },
    timeoutMs: options.timeoutMs ?? 10_000,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
  const call = (route: { method: string; path: string }, input: CallInput) => send(transport, route, input);
  const json = async <T>(route: { method: string; path: string }, input: CallInput) =>
    (await call(route, input)).body as T;
  const s = schemasRoutes;

  /** Every item of a cursor listing, fetching page after page while the last one names a `nextCursor`. */
  async function* allItems<T>(
    page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
  ): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const next = await page(cursor);
      yield* next.items;
      cursor = next.nextCursor;
    } while (cursor);
  }

  async function getVersion(
    registry: string,
    name: string,
    version: VersionRef = 'latest',
    options: CallOptions & { ifNoneMatch?: string | undefined } = {},
  ): Promise<VersionRead> {
    const response = await call(s.getVersion, {
      params: { registry, name, version },
      headers: options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {},
      signal: options.signal,
    });
    const etag = response.headers.get('etag') ?? undefined;
    if (response.status === 304) return { notModified: true, etag: etag ?? options.ifNoneMatch };
    return { notModified: false, etag, version: response.body as SchemaVersion };
  }

  return {
    listRegistries: (o = {}) => json(registriesRoutes.listRegistries, { signal: o.signal }),
    getRegistry: (registry, o = {}) =>
      json(registriesRoutes.getRegistry, { params: { registry }, signal: o.signal }),
    async putRegistry(registry, body = {}, o = {}) {
      const response = await call(registriesRoutes.putRegistry, {
        params: { registry },
        body,
        signal: o.signal,
      });
      return { created: response.status === 201, registry: response.body as Registry };
    },
    listSchemas: (registry, query = {}, o = {}) =>
      json(s.listSchemas, { params: { registry }, query, signal: o.signal }),
    listAllSchemas: (registry, query = {}, o = {}) =>
      allItems((cursor) =>
        json<SchemaList>(s.listSchemas, {
          params: { registry },
          query: { ...query, cursor },
          signal: o.signal,
        }),
      ),
    async registerVersion(registry, name, body, o = {}) {
      const response = await call(s.registerVersion, { params: { registry, name }, body, signal: o.signal });
      return { created: response.status === 201, result: response.body as RegisterVersionResult };
    },
    listVersions: (registry, name, o = {}) =>
      json(s.listVersions, { params: { registry, name }, signal: o.signal }),
    getVersion: getVersion as SchemagateClient['getVersion'],
    patchVersion: (registry, name, version, body, o = {}) =>
      json(s.patchVersion, { params: { registry, name, version }, body, signal: o.signal }),
    async deleteVersion(registry, name, version, o = {}) {
      await call(s.deleteVersion, {
        params: { registry, name, version },
        query: { permanent: o.permanent ? 'true' : undefined },
        signal: o.signal,
      });
    },
    async deleteSchema(registry, name, o = {}) {
      await call(s.deleteSchema, {
        params: { registry, name },
        query: { permanent: o.permanent ? 'true' : undefined },
        signal: o.signal,
      });
    },
    getSchemaConfig: (registry, name, o = {}) =>
      json(s.getSchemaConfig, { params: { registry, name }, signal: o.signal }),
    putSchemaConfig: (registry, name, body, o = {}) =>
      json(s.putSchemaConfig, { params: { registry, name }, body, signal: o.signal }),
    checkCompatibility: (registry, name, body, o = {}) =>
      json(s.checkCompatibility, { params: { registry, name }, body, signal: o.signal }),
    getBindings: (registry, name, version = 'latest', o = {}) =>
      json(s.getBindings, { params: { registry, name, version }, signal: o.signal }),
    validate: (body, o = {}) => json(validationRoutes.validate, { body, signal: o.signal }),
    validateBatch: (body, o = {}) => json(validationRoutes.validateBatch, { body, signal: o.signal }),
    getQuotas: (o = {}) => json(validationRoutes.getQuotas, { signal: o.signal }),
    listDeadLetters: (query = {}, o = {}) =>
      json(deadLettersRoutes.listDeadLetters, { query, signal: o.signal }),
    replayDeadLetter: (id, o = {}) =>
      json(deadLettersRoutes.replayDeadLetter, { params: { id }, signal: o.signal }),
    replayDeadLetters: (body = {}, o = {}) =>
      json(deadLettersRoutes.replayDeadLetters, { body, signal: o.signal }),
    async deleteDeadLetter(id, o = {}) {
      await call(deadLettersRoutes.deleteDeadLetter, { params: { id }, signal: o.signal });
    },
    createKey: (body, o = {}) => json(keysRoutes.createKey, { body, signal: o.signal }),
    listKeys: (query = {}, o = {}) => json(keysRoutes.listKeys, { query, signal: o.signal }),
    listAllKeys: (o = {}) =>
      allItems((cursor) =>
        json<KeyList>(keysRoutes.listKeys, { query: { limit: 1000, cursor }, signal: o.signal }),
      ),
    async revokeKey(id, o = {}) {
      await call(keysRoutes.revokeKey, { params: { id }, signal: o.signal });
    },
  };
}
