import { OpenAPIHono } from '@hono/zod-openapi';
import { registriesRoutes, schemasRoutes, validationRoutes } from '@schemagate/api';
import {
  analyzeSchema,
  compileSchema,
  fingerprint as fingerprintOf,
  isOpenApiDocument,
} from '@schemagate/core';
import type { Context } from 'hono';
import type { SchemaConfig } from '../client-types.ts';

/**
 * A small in-memory registry mounted on the real route declarations, so a request the client shapes wrongly
 * fails zod validation here exactly as it would on the server. It stands in for `apps/server` in unit tests;
 * Schemas are checked and events validated by `@schemagate/core`, as on the server; the compatibility verdict is
 * deliberately simple (only "a property became required" is a break) and there is one page size rule.
 */
export interface FakeRegistry {
  app: OpenAPIHono;
  /** Every request seen, for assertions on headers and retries. */
  requests: Request[];
  /** Queue of canned failures answered before the real handler: status and headers. */
  failNext(status: number, headers?: Record<string, string>): void;
}

/** Options of {@link createFakeRegistry}. */
export interface FakeRegistryOptions {
  /** When set, every request must carry `Authorization: Bearer <key>`. */
  key?: string;
}

interface StoredVersion {
  version: number;
  format: 'jsonschema' | 'openapi3';
  schema: unknown;
  fingerprint: string;
  state: 'active' | 'deprecated' | 'disabled';
  createdAt: string;
}

const now = '2026-11-20T00:00:00.000Z';

// The route types declare problems as JSON; the real server sends problem+json, so the fake does too and
// steps outside the handler's response type to do it.
function problem(
  c: Context,
  status: 404 | 409 | 422,
  code: string,
  detail: string,
  extra: object = {},
): never {
  return c.body(
    JSON.stringify({ type: 'about:blank', title: code, status, code, detail, ...extra }),
    status,
    {
      'content-type': 'application/problem+json',
    },
  ) as never;
}

export function createFakeRegistry(options: FakeRegistryOptions = {}): FakeRegistry {
  const app = new OpenAPIHono();
  const requests: Request[] = [];
  const failures: Array<{ status: number; headers: Record<string, string> }> = [];
  const registries = new Map<string, { description: string | null }>();
  const schemas = new Map<string, StoredVersion[]>();
  const key = (registry: string, name: string) => `${registry}/${name}`;

  app.use('*', async (c, next) => {
    requests.push(c.req.raw.clone());
    if (options.key && c.req.header('authorization') !== `Bearer ${options.key}`) {
      return c.body(
        JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized' }),
        401,
        {
          'content-type': 'application/problem+json',
        },
      );
    }
    const failure = failures.shift();
    if (failure) {
      return c.body(
        JSON.stringify({
          type: 'about:blank',
          title: 'Slow down',
          status: failure.status,
          code: 'rate_limited',
        }),
        failure.status as 429,
        { 'content-type': 'application/problem+json', ...failure.headers },
      );
    }
    await next();
  });

  const registryView = (name: string) => ({
    name,
    description: registries.get(name)?.description ?? null,
    compatibility: 'BACKWARD' as const,
    policy: 'strict' as const,
    deadLetters: 'keep' as const,
    idempotencyKeyPointer: null,
    createdAt: now,
    updatedAt: now,
  });

  app.openapi(registriesRoutes.listRegistries, (c) =>
    c.json({ items: [...registries.keys()].map(registryView) }, 200),
  );
  app.openapi(registriesRoutes.getRegistry, (c) => {
    const { registry } = c.req.valid('param');
    if (!registries.has(registry)) return problem(c, 404, 'not_found', `no registry ${registry}`);
    return c.json(registryView(registry), 200);
  });
  app.openapi(registriesRoutes.putRegistry, (c) => {
    const { registry } = c.req.valid('param');
    const created = !registries.has(registry);
    registries.set(registry, { description: c.req.valid('json').description ?? null });
    return c.json(registryView(registry), created ? 201 : 200);
  });

  app.openapi(schemasRoutes.listSchemas, (c) => {
    const { registry } = c.req.valid('param');
    const { prefix = '', limit = 100, cursor } = c.req.valid('query');
    const names = [...schemas.keys()]
      .filter((k) => k.startsWith(`${registry}/${prefix}`))
      .map((k) => k.slice(registry.length + 1))
      .sort();
    const start = cursor ? names.indexOf(cursor) + 1 : 0;
    const page = names.slice(start, start + limit);
    const items = page.map((name) => ({
      registry,
      name,
      latestVersion: schemas.get(key(registry, name))!.length,
      compatibility: 'BACKWARD' as const,
      policy: 'strict' as const,
      createdAt: now,
      updatedAt: now,
    }));
    const more = start + limit < names.length;
    return c.json({ items, ...(more ? { nextCursor: page.at(-1)! } : {}) }, 200);
  });

  const documentsById = (registry: string) => {
    const byId = new Map<string, unknown>();
    for (const [k, versions] of schemas) {
      if (!k.startsWith(`${registry}/`)) continue;
      for (const v of versions) {
        const id = (v.schema as { $id?: unknown }).$id;
        if (typeof id === 'string') byId.set(id.replace(/#.*$/, ''), v.schema);
      }
    }
    return byId;
  };
  const referencesOf = (registry: string, format: StoredVersion['format'], schema: unknown) => {
    const analysis = analyzeSchema({ format, schema });
    if (!analysis.ok) return { errors: analysis.errors };
    const byId = documentsById(registry);
    const missing = analysis.analysis.references.filter((uri) => !byId.has(uri));
    const references = analysis.analysis.references.map((uri) => ({ uri, schema: byId.get(uri) }));
    return { missing, references, warnings: analysis.analysis.warnings };
  };

  app.openapi(schemasRoutes.registerVersion, (c) => {
    const { registry, name } = c.req.valid('param');
    const body = c.req.valid('json');
    const schema = body.schema;
    const format = body.format ?? (isOpenApiDocument(schema) ? 'openapi3' : 'jsonschema');
    const checked = referencesOf(registry, format, schema);
    if ('errors' in checked) {
      return problem(c, 422, 'invalid_schema', 'the schema does not conform to its meta-schema', {
        errors: checked.errors,
      });
    }
    if (checked.missing.length > 0) {
      return problem(c, 422, 'unresolved_reference', `cannot resolve ${checked.missing.join(', ')}`);
    }
    const versions = schemas.get(key(registry, name)) ?? [];
    const fingerprint = fingerprintOf(schema);
    const same = versions.find((v) => v.fingerprint === fingerprint);
    const result = (v: StoredVersion) => ({
      registry,
      name,
      version: v.version,
      fingerprint,
      warnings: checked.warnings,
    });
    if (same) return c.json(result(same), 200);
    const previous = versions.at(-1)?.schema as { required?: string[] } | undefined;
    const added = ((schema as { required?: string[] }).required ?? []).filter(
      (p) => previous && !(previous.required ?? []).includes(p),
    );
    if (added.length > 0) {
      return problem(c, 409, 'incompatible', 'a required property was added', {
        report: {
          compatible: false,
          changes: added.map((p) => ({
            type: 'REQUIRED_PROPERTY_ADDED',
            path: `#/required/${p}`,
            breaking: true,
          })),
        },
      });
    }
    const stored: StoredVersion = {
      version: versions.length + 1,
      format,
      schema,
      fingerprint,
      state: 'active',
      createdAt: now,
    };
    schemas.set(key(registry, name), [...versions, stored]);
    return c.json(result(stored), 201);
  });

  const versionView = (registry: string, name: string, v: StoredVersion) => ({
    registry,
    name,
    version: v.version,
    format: v.format,
    dialect: v.format === 'openapi3' ? 'draft-04' : '2020-12',
    state: v.state,
    fingerprint: v.fingerprint,
    createdAt: v.createdAt,
    metadata: {},
    schema: v.schema,
  });
  const findVersion = (registry: string, name: string, version: string) => {
    const versions = schemas.get(key(registry, name)) ?? [];
    return version === 'latest' ? versions.at(-1) : versions[Number(version) - 1];
  };

  app.openapi(schemasRoutes.listVersions, (c) => {
    const { registry, name } = c.req.valid('param');
    const versions = schemas.get(key(registry, name));
    if (!versions) return problem(c, 404, 'not_found', `no schema ${name}`);
    return c.json(
      {
        items: versions.map(({ schema: _, ...v }) => ({ ...v, metadata: {} })),
      },
      200,
    );
  });
  app.openapi(schemasRoutes.getVersion, (c) => {
    const { registry, name, version } = c.req.valid('param');
    const found = findVersion(registry, name, version);
    if (!found) return problem(c, 404, 'not_found', `no version ${version} of ${name}`);
    const etag = `"${registry}/${name}/${found.version}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    c.header('etag', etag);
    return c.json(versionView(registry, name, found), 200);
  });
  app.openapi(schemasRoutes.patchVersion, (c) => {
    const { registry, name, version } = c.req.valid('param');
    const found = findVersion(registry, name, version);
    if (!found) return problem(c, 404, 'not_found', `no version ${version}`);
    found.state = c.req.valid('json').state ?? found.state;
    return c.json(versionView(registry, name, found), 200);
  });
  app.openapi(schemasRoutes.deleteVersion, (c) => {
    const { registry, name, version } = c.req.valid('param');
    const versions = schemas.get(key(registry, name)) ?? [];
    if (!findVersion(registry, name, version)) return problem(c, 404, 'not_found', `no version ${version}`);
    schemas.set(
      key(registry, name),
      versions.filter((v) => v.version !== Number(version)),
    );
    return c.body(null, 204);
  });
  app.openapi(schemasRoutes.deleteSchema, (c) => {
    const { registry, name } = c.req.valid('param');
    if (!schemas.delete(key(registry, name))) return problem(c, 404, 'not_found', `no schema ${name}`);
    return c.body(null, 204);
  });
  const configs = new Map<string, SchemaConfig>();
  const defaultConfig: SchemaConfig = { compatibility: 'BACKWARD', policy: 'strict' };
  app.openapi(schemasRoutes.getSchemaConfig, (c) => {
    const { registry, name } = c.req.valid('param');
    return c.json(configs.get(key(registry, name)) ?? defaultConfig, 200);
  });
  app.openapi(schemasRoutes.putSchemaConfig, (c) => {
    const { registry, name } = c.req.valid('param');
    const body = c.req.valid('json');
    const current = configs.get(key(registry, name)) ?? defaultConfig;
    const next: SchemaConfig = {
      compatibility: body.compatibility ?? current.compatibility,
      policy: body.policy ?? current.policy,
    };
    configs.set(key(registry, name), next);
    return c.json(next, 200);
  });
  app.openapi(schemasRoutes.checkCompatibility, (c) =>
    c.json({ compatible: true, mode: 'BACKWARD' as const, policy: 'strict' as const, changes: [] }, 200),
  );

  const routeOf = (event: unknown): string | undefined => {
    if (typeof event !== 'object' || event === null) return undefined;
    const e = event as Record<string, unknown>;
    if (typeof e.source === 'string' && typeof e['detail-type'] === 'string')
      return `${e.source}@${e['detail-type']}`;
    return typeof e.type === 'string' ? e.type : undefined;
  };
  const verdict = (event: unknown, registryName: string | undefined, schemaName: string | undefined) => {
    const registry = registryName ?? 'default';
    const name = schemaName ?? routeOf(event);
    const found = name === undefined ? undefined : findVersion(registry, name, 'latest');
    if (!found || name === undefined) {
      return {
        valid: false,
        registry: null,
        schema: null,
        version: null,
        errors: [{ path: '', keyword: 'schema', message: 'no schema for this event', schemaPath: '' }],
      };
    }
    const checked = referencesOf(registry, found.format, found.schema);
    const references = 'references' in checked ? checked.references : [];
    const errors = compileSchema({ format: found.format, schema: found.schema }, references).validate(event);
    return { valid: errors === null, registry, schema: name, version: found.version, errors: errors ?? [] };
  };
  app.openapi(validationRoutes.validate, (c) => {
    const { event, registry, schema } = c.req.valid('json');
    return c.json(verdict(event, registry, schema), 200);
  });
  app.openapi(validationRoutes.validateBatch, (c) => {
    const { events, registry, schema } = c.req.valid('json');
    const results = events.map((e) => verdict(e, registry, schema));
    return c.json({ failedCount: results.filter((r) => !r.valid).length, results }, 200);
  });
  app.openapi(validationRoutes.getQuotas, (c) =>
    c.json(
      {
        maxBodyBytes: 1_048_576,
        maxDepth: 64,
        key: { id: null, scope: 'admin' as const, registries: null },
        batch: { maxEvents: 1000, maxBytes: 5_242_880 },
        limits: {
          schema: {
            maxSubschemas: 20_000,
            maxExpandedSubschemas: 100_000,
            maxEnumValues: 10_000,
            maxPatternProperties: 100,
            maxPatternRepetition: 100,
            inlineCompileSubschemas: 1000,
            compileBudgetMs: 1500,
            bindingsBudgetMs: 1500,
          },
          validation: { inlineMs: 100, budgetMs: 1000 },
          compatibility: {
            maxSteps: 1_000_000,
            maxMillis: 1000,
            maxWitnessCandidates: 200,
            maxWitnessMillis: 1000,
            hardLimitMs: 1500,
          },
          pool: { size: 2, maxQueue: 64, queueTimeoutMs: 1000, taskTimeoutMs: 1500, maxHeapMb: 256 },
        },
      },
      200,
    ),
  );

  return {
    app,
    requests,
    failNext: (status, headers = {}) => failures.push({ status, headers }),
  };
}
