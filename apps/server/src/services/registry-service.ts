import { generateBindings } from '@schemagate/codegen';
import {
  analyzeSchema,
  type CompatibilityCheckArgs,
  CompatibilityLimitError,
  type CompatibilityLimits,
  type CompatibilityReport,
  type CompiledValidator,
  checkCompatibility,
  compileSchema,
  extractRouteKeys,
  fingerprint,
  isOpenApiDocument,
  isPlainObject,
  LruCache,
  measureDepth,
  measureSchemaCost,
  needsSecondOpinion,
  type ReferencedSchema,
  recordSecondOpinion,
  SchemaCompileError,
  type SchemaCost,
  type SchemaFormat,
  type SchemaInput,
  schemaPatterns,
  type ValidatorCache,
  validatorKey,
  versionsCompared,
} from '@schemagate/core';
import type {
  CompatibilityMode,
  CompatibilityPolicy,
  RegistryPatch,
  RegistryRow,
  RegistryStore,
  SchemaRow,
  StoredVersion,
  VersionState,
} from '@schemagate/db';
import { AppError } from '../errors.ts';
import type { Metrics } from '../metrics/index.ts';
import { compilesInPool, schemaTooComplex, type WorkBudget } from './budget.ts';
import type { VersionView, VersionViews } from './version-views.ts';
import { type WorkPool, workProblem } from './work-pool.ts';

const iso = (date: Date) => date.toISOString();

const registryOut = (row: RegistryRow) => ({
  name: row.name,
  description: row.description,
  compatibility: row.compatibility,
  policy: row.policy,
  deadLetters: row.deadLetters,
  idempotencyKeyPointer: row.idempotencyKeyPointer,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const schemaOut = (row: SchemaRow) => ({
  registry: row.registry,
  name: row.name,
  latestVersion: row.latestVersion,
  compatibility: row.compatibility,
  policy: row.policy,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** EventBridge's format is recognised by its `openapi` member; everything else is JSON Schema. */
export function detectFormat(schema: unknown, declared?: SchemaFormat): SchemaFormat {
  return declared ?? (isOpenApiDocument(schema) ? 'openapi3' : 'jsonschema');
}

export interface RegistryServiceDeps {
  store: RegistryStore;
  views: VersionViews;
  metrics: Metrics;
  /** Where a new version's validator, compiled to check the schema at registration, is kept for validation. */
  validators: ValidatorCache;
  maxDepth: number;
  /** The static limits on a schema, and above what size it is compiled in the pool. */
  schemaLimits: WorkBudget['schema'];
  /** Where large schemas are compiled and bindings generated, under the pool's time limit. */
  pool?: WorkPool;
  /** Called after every write so this process and the other replicas drop what they cached. */
  onChange: (registry: string, name: string) => void;
  /** What one registration may hold: its schema's JSON text in bytes, and the live versions of one schema. */
  registrationLimits?: { maxSchemaBytes: number; maxVersionsPerSchema: number };
}

/**
 * What one compatibility check may spend in the server (published in `/v1/quotas` as `limits.compatibility`): the
 * engine stops itself past these with 422 `schema_too_complex` naming the limit; the pool's hard time limit is
 * the backstop.
 */
export const SERVER_COMPATIBILITY_LIMITS: Readonly<Required<CompatibilityLimits>> = {
  maxSteps: 1_000_000,
  // half the 2 s a request gets, leaving the rest to reading the candidate and to a machine short of CPU
  maxMillis: 750,
  maxWitnessCandidates: 20_000,
  maxWitnessMillis: 750,
};

/** The flags ajv compiles `pattern` and `patternProperties` with (its `unicodeRegExp`). */
const AJV_PATTERN_FLAGS = 'u';

/** The problem's `errors` for `$ref`s that resolve to nothing registered. */
const unresolvedErrors = (uris: readonly string[]) =>
  uris.map((uri) => ({ path: '', keyword: '$ref', message: `unresolved: ${uri}`, schemaPath: '' }));

/** Registration, reads and lifecycle of schemas and versions. */
export class RegistryService {
  readonly #store: RegistryStore;
  readonly #views: VersionViews;
  readonly #metrics: Metrics;
  readonly #validators: ValidatorCache;
  readonly #maxDepth: number;
  readonly #schemaLimits: WorkBudget['schema'];
  readonly #pool: WorkPool | undefined;
  readonly #onChange: RegistryServiceDeps['onChange'];
  readonly #limits: NonNullable<RegistryServiceDeps['registrationLimits']>;
  readonly #bindings = new LruCache<string, ReturnType<typeof generateBindings>>({ max: 256 });

  constructor(deps: RegistryServiceDeps) {
    this.#store = deps.store;
    this.#views = deps.views;
    this.#metrics = deps.metrics;
    this.#validators = deps.validators;
    this.#maxDepth = deps.maxDepth;
    this.#schemaLimits = deps.schemaLimits;
    this.#pool = deps.pool;
    this.#onChange = deps.onChange;
    this.#limits = deps.registrationLimits ?? {
      maxSchemaBytes: Number.POSITIVE_INFINITY,
      maxVersionsPerSchema: Number.POSITIVE_INFINITY,
    };
  }

  async listRegistries() {
    return (await this.#store.listRegistries()).map(registryOut);
  }

  async getRegistry(name: string) {
    const row = await this.#store.getRegistry(name);
    if (!row) throw new AppError('not_found', { detail: `No registry \`${name}\`` });
    return registryOut(row);
  }

  async putRegistry(name: string, patch: RegistryPatch) {
    const { created, registry } = await this.#store.putRegistry(name, patch);
    return { created, registry: registryOut(registry) };
  }

  async listSchemas(registry: string, query: { prefix?: string; limit?: number; cursor?: string }) {
    await this.getRegistry(registry);
    const page = await this.#store.listSchemas(registry, {
      limit: query.limit ?? 100,
      ...(query.prefix ? { prefix: query.prefix } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { items: page.items.map(schemaOut), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /**
   * Checks a document (meta-schema, patterns, references), then stores it as the next version unless the
   * same content is already a version. The compatibility check runs under the schema's row lock.
   */
  async registerVersion(
    registry: string,
    name: string,
    body: { schema?: unknown; format?: SchemaFormat; metadata?: Record<string, unknown> },
  ) {
    const { maxSchemaBytes, maxVersionsPerSchema } = this.#limits;
    // measured as the JSON text it is stored as, before any work is spent on it
    const bytes = body.schema === undefined ? 0 : Buffer.byteLength(JSON.stringify(body.schema) ?? '');
    if (bytes > maxSchemaBytes) {
      throw new AppError('payload_too_large', {
        detail: `A schema holds at most ${maxSchemaBytes} bytes of JSON (maxSchemaBytes); this one has ${bytes}`,
        extensions: { limit: 'maxSchemaBytes', max: maxSchemaBytes, actual: bytes },
      });
    }
    const prepared = await this.#prepare(registry, body);
    const { input, analysis, references, referenced, validator } = prepared;
    try {
      const { created, version } = await this.#store.registerVersion({
        registry,
        name,
        format: input.format,
        dialect: analysis.dialect,
        fingerprint: fingerprint(input.schema),
        content: input.schema,
        schemaUri: analysis.id ?? null,
        routeKeys: extractRouteKeys(input),
        references: referenced.map((v) => ({ registry: v.registry, name: v.name, version: v.version })),
        metadata: body.metadata ?? {},
        beforeInsert: async ({ previous, schema, store }) => {
          // counted under the schema's row lock, so racing registrations cannot both take the last place
          if (previous.length >= maxVersionsPerSchema) {
            throw new AppError('too_many_versions', {
              detail: `${registry}/${name} holds ${previous.length} live versions, the most a schema may (maxVersionsPerSchema); delete old versions first`,
              extensions: { limit: 'maxVersionsPerSchema', max: maxVersionsPerSchema },
            });
          }
          const report = await this.#compatibility(input, references, previous, schema, store);
          if (report && !report.compatible) {
            const breaking = report.changes.filter((change) => change.breaking).length;
            throw new AppError('incompatible', {
              detail: `${breaking} breaking change(s) under ${report.mode} (${report.policy})`,
              extensions: { report },
            });
          }
        },
      });
      this.#metrics.registrations.inc({ outcome: created ? 'created' : 'existing' });
      if (created && validator) {
        // its references are the ones the version is pinned to, so this is the validator validation would compile
        this.#validators.set(validatorKey(registry, name, version.version, version.fingerprint), validator);
      }
      if (created) {
        this.#onChange(registry, name);
      }
      return {
        created,
        result: {
          registry,
          name,
          version: version.version,
          fingerprint: version.fingerprint,
          warnings: analysis.warnings,
        },
      };
    } catch (error) {
      if (error instanceof AppError && error.code === 'incompatible') {
        this.#metrics.registrations.inc({ outcome: 'incompatible' });
      }
      throw error;
    }
  }

  /** A compatibility report for a candidate, without registering it. */
  async checkCandidate(
    registry: string,
    name: string,
    body: { schema?: unknown; format?: SchemaFormat; against?: number },
  ) {
    const schema = await this.#store.getSchema(registry, name);
    if (!schema) throw new AppError('not_found', { detail: `No schema ${registry}/${name}` });
    // nothing keeps the candidate's validator, so it is compiled (to check it) in the pool whatever its size
    const { input, references } = await this.#prepare(registry, body, { offThread: true });
    let previous = await this.#store.listVersions(registry, name);
    if (body.against !== undefined) {
      // one version alone: what the mode compares (transitive or not) is that version, in the mode's directions
      previous = previous.filter((v) => v.version === body.against);
      if (previous.length === 0)
        throw new AppError('not_found', { detail: `No version ${body.against} of ${registry}/${name}` });
    }
    const report = await this.#compatibility(input, references, previous, schema);
    return report ?? { compatible: true, mode: schema.compatibility, policy: schema.policy, changes: [] };
  }

  async listVersions(registry: string, name: string) {
    await this.#requireSchema(registry, name);
    const versions = await this.#store.listVersions(registry, name);
    return versions.map((v) => ({
      version: v.version,
      format: v.format,
      state: v.state,
      fingerprint: v.fingerprint,
      createdAt: iso(v.createdAt),
      metadata: v.metadata,
    }));
  }

  /** The versions a version's `$ref`s resolved to, and the live versions whose `$ref`s resolved to it. */
  async versionReferences(registry: string, name: string, version: number | 'latest') {
    const { stored } = await this.#views.get(registry, name, version);
    const [references, referencedBy] = await Promise.all([
      this.#store.referencesOf(stored),
      this.#store.referrersOf(stored),
    ]);
    const ref = (v: StoredVersion) => ({ registry: v.registry, name: v.name, version: v.version });
    return { references: references.map(ref), referencedBy: referencedBy.map(ref) };
  }

  /** The same files `schemagate codegen` writes for this version, generated once per version and cached. */
  async typescriptBindings(registry: string, name: string, version: number | 'latest') {
    const { stored, references } = await this.#views.get(registry, name, version);
    const key = `${stored.registry}/${stored.name}/${stored.version}/${stored.fingerprint}`;
    let bindings = this.#bindings.get(key);
    if (!bindings) {
      const input = {
        registry: stored.registry,
        name: stored.name,
        version: stored.version,
        fingerprint: stored.fingerprint,
        format: stored.format,
        schema: stored.content,
        references,
      };
      // generating takes milliseconds for a small schema and seconds for a large one: off the event loop
      bindings = this.#pool
        ? this.#pool
            .run('bindings', input, { timeoutMs: this.#schemaLimits.bindingsBudgetMs })
            .catch((error) => {
              throw workProblem(error, 'schema_too_complex');
            })
        : generateBindings([input]);
      this.#bindings.set(key, bindings);
      bindings.catch(() => {
        if (this.#bindings.peek(key) === bindings) this.#bindings.delete(key);
      });
    }
    return bindings;
  }

  readVersion(
    registry: string,
    name: string,
    version: number | 'latest',
  ): VersionView | Promise<VersionView> {
    return this.#views.get(registry, name, version);
  }

  async updateVersion(
    registry: string,
    name: string,
    version: number,
    patch: { state?: VersionState; metadata?: Record<string, unknown> },
  ): Promise<VersionView> {
    const updated = await this.#store.updateVersion(registry, name, version, patch);
    if (!updated)
      throw new AppError('not_found', { detail: `${registry}/${name} has no version ${version}` });
    this.#onChange(registry, name);
    return this.#views.get(registry, name, version);
  }

  async deleteVersion(registry: string, name: string, version: number, permanent: boolean): Promise<void> {
    const deleted = await this.#store.deleteVersion(registry, name, version, permanent);
    if (!deleted)
      throw new AppError('not_found', { detail: `${registry}/${name} has no version ${version}` });
    this.#onChange(registry, name);
  }

  async deleteSchema(registry: string, name: string, permanent: boolean): Promise<void> {
    const deleted = await this.#store.deleteSchema(registry, name, permanent);
    if (!deleted) throw new AppError('not_found', { detail: `No schema ${registry}/${name}` });
    this.#onChange(registry, name);
  }

  async getSchemaConfig(registry: string, name: string) {
    const schema = await this.#requireSchema(registry, name);
    return { compatibility: schema.compatibility, policy: schema.policy };
  }

  async putSchemaConfig(
    registry: string,
    name: string,
    patch: { compatibility?: CompatibilityMode; policy?: CompatibilityPolicy },
  ) {
    const schema = await this.#store.putSchemaConfig(registry, name, patch);
    this.#onChange(registry, name);
    return { compatibility: schema.compatibility, policy: schema.policy };
  }

  /** Every schema a version's `$ref`s reach, transitively, pinned to the versions resolved at registration. */
  async loadReferences(
    version: StoredVersion,
    store: RegistryStore = this.#store,
  ): Promise<ReferencedSchema[]> {
    const out: ReferencedSchema[] = [];
    const seen = new Set<string>([`${version.registry}/${version.name}/${version.version}`]);
    let frontier = [version];
    while (frontier.length > 0) {
      const next: StoredVersion[] = [];
      for (const from of frontier) {
        for (const to of await store.referencesOf(from)) {
          const key = `${to.registry}/${to.name}/${to.version}`;
          if (seen.has(key)) continue;
          seen.add(key);
          if (to.schemaUri) out.push({ uri: to.schemaUri, schema: to.content });
          next.push(to);
        }
      }
      frontier = next;
    }
    return out;
  }

  async #requireSchema(registry: string, name: string): Promise<SchemaRow> {
    const schema = await this.#store.getSchema(registry, name);
    if (!schema) throw new AppError('not_found', { detail: `No schema ${registry}/${name}` });
    return schema;
  }

  /** Parses and checks a candidate document and resolves its references within the registry. */
  async #prepare(
    registry: string,
    body: { schema?: unknown; format?: SchemaFormat },
    options: { offThread?: boolean } = {},
  ) {
    if (body.schema === undefined)
      throw new AppError('invalid_request', { detail: 'The body needs a `schema` member' });
    if (!isPlainObject(body.schema) && typeof body.schema !== 'boolean') {
      throw new AppError('invalid_schema', { detail: 'A schema is a JSON object (or a boolean schema)' });
    }
    if (measureDepth(body.schema, this.#maxDepth)) {
      throw new AppError('too_deep', { detail: `Schemas may nest at most ${this.#maxDepth} levels deep` });
    }
    const input: SchemaInput = { format: detectFormat(body.schema, body.format), schema: body.schema };
    // the static bounds first: they take a walk, where the meta-schema check of a 100,000-value enum takes 200 ms
    let cost = this.#boundedCost(input, []);
    // a large schema is checked and compiled in the pool, under its time limit; validation compiles it there again
    const pool =
      this.#pool && cost && (options.offThread || compilesInPool(cost, this.#schemaLimits))
        ? this.#pool
        : undefined;
    const schemaText = pool ? JSON.stringify(input.schema) : '';
    // checking and compiling share one budget, counted while a worker runs them (not while they wait for one)
    let compileMs = this.#schemaLimits.compileBudgetMs;
    let analyzed: ReturnType<typeof analyzeSchema>;
    if (pool) {
      const checked = await this.#inPool(
        pool.run('analyzeSchema', { format: input.format, schemaText }, { timeoutMs: compileMs }),
      );
      analyzed = checked.analyzed;
      compileMs = Math.max(1, Math.ceil(compileMs - checked.tookMs));
    } else {
      analyzed = analyzeSchema(input);
    }
    if (!analyzed.ok) {
      this.#metrics.registrations.inc({ outcome: 'invalid' });
      throw new AppError(analyzed.code, { errors: analyzed.errors });
    }
    const { analysis } = analyzed;
    const referenced: StoredVersion[] = [];
    const missing: string[] = [];
    for (const uri of analysis.references) {
      const found = await this.#store.findBySchemaUri(registry, uri);
      if (found) referenced.push(found);
      else missing.push(uri);
    }
    if (missing.length > 0) {
      this.#metrics.registrations.inc({ outcome: 'invalid' });
      throw new AppError('unresolved_reference', {
        detail: `Not registered in \`${registry}\` (nothing is fetched over the network): ${missing.join(', ')}`,
        errors: unresolvedErrors(missing),
      });
    }
    const references: ReferencedSchema[] = [];
    for (const version of referenced) {
      references.push({ uri: version.schemaUri ?? '', schema: version.content });
      references.push(...(await this.loadReferences(version)));
    }
    // what the $refs reach counts too: a chain can be spread over several registered documents
    if (references.length > 0 || cost === undefined) cost = this.#boundedCost(input, references);
    let validator: CompiledValidator | undefined;
    try {
      if (pool) {
        const referencesText = JSON.stringify(references);
        await pool.run(
          'compileSchema',
          { format: input.format, schemaText, referencesText },
          { timeoutMs: compileMs },
        );
      } else {
        await this.secondOpinions(input, references);
        validator = compileSchema(input, references);
      }
    } catch (error) {
      this.#metrics.registrations.inc({ outcome: 'invalid' });
      if (!(error instanceof SchemaCompileError)) throw workProblem(error, 'schema_too_complex');
      throw new AppError(error.code, {
        detail: error.message,
        ...(error.missing ? { errors: unresolvedErrors(error.missing) } : {}),
      });
    }
    return { input, analysis, references, referenced, validator };
  }

  /**
   * Works out in the pool the redos-detector opinions that compiling on this thread would need, and records them,
   * so the patterns they allow run natively here. Without them (no pool, a busy one) the patterns run on re2js:
   * the server defers second opinions (serve.ts), so the event loop never waits for one. Answers whether it
   * recorded any (the validation service then compiles again a version it compiled before them).
   */
  async secondOpinions(input: SchemaInput, references: readonly ReferencedSchema[]): Promise<boolean> {
    if (!this.#pool) return false;
    const documents = [input.schema, ...references.map((reference) => reference.schema)];
    const patterns = [...new Set(documents.flatMap(schemaPatterns))].filter((pattern) =>
      needsSecondOpinion(pattern, AJV_PATTERN_FLAGS),
    );
    if (patterns.length === 0) return false;
    try {
      const verdicts = await this.#pool.run('secondOpinions', { patterns, flags: AJV_PATTERN_FLAGS });
      patterns.forEach((pattern, index) => {
        recordSecondOpinion(pattern, AJV_PATTERN_FLAGS, verdicts[index] === true);
      });
      return true;
    } catch {
      // unsettled patterns run on re2js, with the same answers
      return false;
    }
  }

  /** A pool task's answer, or the problem its failure is answered with (a time limit is `schema_too_complex`). */
  async #inPool<T>(task: Promise<T>): Promise<T> {
    try {
      return await task;
    } catch (error) {
      this.#metrics.registrations.inc({ outcome: 'invalid' });
      throw workProblem(error, 'schema_too_complex');
    }
  }

  /**
   * What validating against the schema may cost, or 422 `schema_too_complex` naming each limit it passes.
   * Undefined for a document without a usable shape, which the analysis then refuses.
   */
  #boundedCost(input: SchemaInput, references: ReferencedSchema[]): SchemaCost | undefined {
    let measured: ReturnType<typeof measureSchemaCost>;
    try {
      measured = measureSchemaCost(input, references, this.#schemaLimits);
    } catch (error) {
      if (error instanceof SchemaCompileError) return undefined;
      throw error;
    }
    if (measured.violations.length > 0) {
      this.#metrics.registrations.inc({ outcome: 'invalid' });
      throw schemaTooComplex(measured.violations);
    }
    return measured.cost;
  }

  async #compatibility(
    candidate: SchemaInput,
    references: ReferencedSchema[],
    previous: StoredVersion[],
    schema: SchemaRow,
    store: RegistryStore = this.#store,
  ): Promise<CompatibilityReport | undefined> {
    if (schema.compatibility === 'NONE' || previous.length === 0) return undefined;
    // only the versions the mode compares with: their references are read, the rest would be wasted queries
    const compared = versionsCompared(schema.compatibility, previous);
    const merged = new Map(references.map((r) => [r.uri, r]));
    for (const version of compared) {
      for (const reference of await this.loadReferences(version, store)) {
        if (!merged.has(reference.uri)) merged.set(reference.uri, reference);
      }
    }
    const args: CompatibilityCheckArgs = {
      candidate,
      previous: compared.map((v) => ({ version: v.version, input: { format: v.format, schema: v.content } })),
      mode: schema.compatibility,
      policy: schema.policy,
      references: [...merged.values()],
      limits: SERVER_COMPATIBILITY_LIMITS,
    };
    // off the event loop: the pool's hard limit stops even a comparison that its own budget would not
    try {
      return this.#pool ? await this.#pool.run('compatibility', args) : checkCompatibility(args);
    } catch (error) {
      if (error instanceof CompatibilityLimitError) {
        throw new AppError('schema_too_complex', {
          detail: error.message,
          extensions: { limit: error.limit, max: error.max },
        });
      }
      throw workProblem(error, 'schema_too_complex');
    }
  }
}
