import { OpenAPIHono } from '@hono/zod-openapi';
import { ValidatorCache } from '@schemagate/core';
import { type Database, type RegistryStore, storageFaultReason } from '@schemagate/db';
import { createIdempotencyStore } from '@schemagate/idempotency';
import type { MiddlewareHandler } from 'hono';
import type { Config } from './config.ts';
import { createErrorHandler, problemResponse, storageUnavailable } from './errors.ts';
import { eventLoopLag } from './metrics/event-loop.ts';
import { createMetrics } from './metrics/index.ts';
import { type KeyLookup, requireScope } from './middleware/auth.ts';
import { limitBody } from './middleware/body-limit.ts';
import { type AppEnv, observed, type RouteGuards, routeRecorder, type Services } from './mount.ts';
import { createServerLimits } from './rate-limit/server-limits.ts';
import { SplitRouter } from './router.ts';
import { mountDeadLettersApi } from './routes/dead-letters/index.ts';
import { mountEventsApi } from './routes/events/index.ts';
import { checkDeclaredInput } from './routes/input.ts';
import { mountKeysApi } from './routes/keys/index.ts';
import { mountRegistriesApi } from './routes/registries/index.ts';
import { mountSchemasApi } from './routes/schemas/index.ts';
import { mountConsole } from './routes/system/console.ts';
import { mountDocs } from './routes/system/docs.ts';
import { mountValidationApi } from './routes/validate/index.ts';
import { workBudgetOf } from './services/budget.ts';
import { GateService } from './services/gate-service.ts';
import { RegistryService, SERVER_COMPATIBILITY_LIMITS } from './services/registry-service.ts';
import { RouteIndex } from './services/route-index.ts';
import { ValidationService } from './services/validation-service.ts';
import { VersionViews } from './services/version-views.ts';
import { WorkPool } from './services/work-pool.ts';
import type { KeyAdmin } from './storage.ts';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface CreateAppOptions {
  store: RegistryStore;
  keys: KeyLookup;
  config: Config;
  /** Tells other replicas a schema changed (Postgres NOTIFY); the local caches are dropped regardless. */
  publishChange?: (registry: string, name: string) => void;
  /** Answers whether storage is reachable, for `/readyz`; a rejection's storage fault is the reason shown. */
  ready?: () => Promise<boolean>;
  clock?: () => Date;
  log?: Logger;
  /** The worker pool for heavy work; by default one is made (its workers start on first use). */
  pool?: WorkPool;
  /** Keys over HTTP (`/v1/keys`) and the record of their last use; without it those routes answer 503. */
  keyAdmin?: KeyAdmin;
  /** This thread's event-loop lag in seconds, which load shedding compares with its threshold (tests inject one). */
  eventLoopLag?: () => number;
  /** A monotonic clock in milliseconds for the rate limits' buckets (tests inject one). */
  monotonicNow?: () => number;
  /**
   * The database the gate writes to (outbox, dead letters, idempotency records), in transactions of its own; without
   * it the gate's routes (`/v1/events`, `/v1/dead-letters`) are not mounted.
   */
  db?: Database;
}

export interface SchemagateApp {
  app: OpenAPIHono<AppEnv>;
  services: Services;
  /** Drops what this process cached of a schema; the LISTEN side of replica invalidation calls it. */
  invalidate(registry: string, name: string): void;
  invalidateAll(): void;
  /** The pool heavy work runs in; whoever stops the app closes it. */
  pool: WorkPool;
  /** The gate, when the app was given a database: whoever starts the app runs its record sweeper. */
  gate?: GateService;
}

const silentLog: Logger = { info: () => {}, error: () => {} };

/**
 * Builds the HTTP application: registry API, validation API, docs, health and metrics. No I/O happens here;
 * storage and key lookup come in through `store` and `keys`, so tests call `app.request()` directly.
 */
export function createApp(options: CreateAppOptions): SchemagateApp {
  const { config, store } = options;
  const log = options.log ?? silentLog;
  const clock = options.clock ?? (() => new Date());
  const metrics = createMetrics();
  const pool = options.pool ?? new WorkPool();
  const budget = workBudgetOf(config);
  const cache = new ValidatorCache({ max: config.SCHEMAGATE_CACHE_SIZE });
  const routes = new RouteIndex(() => store.listRoutes());
  // the views load references through the registry service, which needs the views: tie the knot lazily
  let registry: RegistryService | undefined;
  const views = new VersionViews(
    {
      loadVersion: (r, n, v) => store.getVersion(r, n, v),
      loadPointers: (r, n) => store.pointers(r, n),
      loadReferences: (version) => registry!.loadReferences(version),
    },
    { max: config.SCHEMAGATE_CACHE_SIZE },
  );
  const invalidate = (r: string, n: string) => {
    views.invalidate(r, n);
    routes.markStale();
  };
  registry = new RegistryService({
    store,
    views,
    validators: cache,
    metrics,
    maxDepth: config.SCHEMAGATE_MAX_DEPTH,
    schemaLimits: budget.schema,
    registrationLimits: {
      maxSchemaBytes: config.SCHEMAGATE_MAX_SCHEMA_BYTES,
      maxVersionsPerSchema: config.SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA,
    },
    pool,
    onChange: (r, n) => {
      invalidate(r, n);
      options.publishChange?.(r, n);
    },
  });
  const validation = new ValidationService({
    views,
    routes,
    cache,
    metrics,
    quotas: {
      maxBodyBytes: config.SCHEMAGATE_MAX_BODY_BYTES,
      maxDepth: config.SCHEMAGATE_MAX_DEPTH,
      batch: { maxEvents: config.SCHEMAGATE_BATCH_MAX_EVENTS, maxBytes: config.SCHEMAGATE_BATCH_MAX_BYTES },
      limits: {
        ...budget,
        compatibility: { ...SERVER_COMPATIBILITY_LIMITS, hardLimitMs: pool.limits.taskTimeoutMs },
        pool: pool.limits,
      },
    },
    pool,
    secondOpinions: (input, references) => registry.secondOpinions(input, references),
  });
  const limits = createServerLimits(config, metrics, {
    lagSeconds: options.eventLoopLag ?? eventLoopLag,
    ...(options.monotonicNow ? { now: options.monotonicNow } : {}),
  });
  const gate = options.db
    ? new GateService({
        db: options.db,
        store,
        validation,
        routes,
        metrics,
        idempotency: {
          store: createIdempotencyStore({ db: options.db }),
          ttlSeconds: config.SCHEMAGATE_IDEMPOTENCY_TTL_SECONDS,
          required: config.SCHEMAGATE_IDEMPOTENCY_REQUIRED,
        },
        deadlineMs: config.SCHEMAGATE_DB_DEADLINE_MS,
      })
    : undefined;
  const services: Services = {
    config,
    metrics,
    registry,
    validation,
    clock,
    limits,
    ...(options.keyAdmin ? { keys: options.keyAdmin } : {}),
    ...(gate ? { gate } : {}),
  };
  const keyAdmin = options.keyAdmin;
  const auth = {
    lookup: options.keys,
    disabled: config.SCHEMAGATE_AUTH === 'off',
    limiter: limits.rate,
    ...(keyAdmin ? { used: (principal: Parameters<KeyAdmin['used']>[0]) => keyAdmin.used(principal) } : {}),
  };

  // the dead letters' `replay` beside `{id}/replay` is what hono's RegExpRouter cannot hold (see router.ts)
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: checkDeclaredInput,
    router: new SplitRouter(['/v1/dead-letters/']),
  });
  const handleError = createErrorHandler(log.error);
  app.onError(handleError);
  // Every route records its answers itself (see env.ts): a middleware on `*` would put every request,
  // the hot ones too, through hono's middleware chain.
  const recordUnmatched = new Map<string, ReturnType<typeof routeRecorder>>();
  app.notFound((c) => {
    const started = performance.now();
    const method = c.req.method;
    let record = recordUnmatched.get(method);
    if (!record) {
      record = routeRecorder(metrics, method, 'unmatched');
      recordUnmatched.set(method, record);
    }
    const response = problemResponse(c, 'not_found', { detail: `No route for ${method} ${c.req.path}` });
    record(response.status, started);
    return response;
  });
  const system = (path: string) => observed(services, 'GET', path);

  app.get('/healthz', system('/healthz'), (c) => c.json({ status: 'ok' }));
  app.get('/readyz', system('/readyz'), async (c) => {
    // an overloaded replica says so first: the load balancer should send its traffic elsewhere until the lag is gone
    const lag = limits.shedding.overload();
    if (lag !== undefined) return handleError(limits.shedding.problem(lag), c);
    let reason: string | undefined;
    try {
      if (options.ready && !(await options.ready())) reason = 'storage did not answer';
    } catch (error) {
      reason = storageFaultReason(error) ?? 'the storage check failed';
    }
    return reason === undefined ? c.json({ status: 'ready' }) : storageUnavailable(c, reason);
  });
  app.get('/metrics', system('/metrics'), requireScope('read', auth) as MiddlewareHandler, async (c) => {
    metrics.validatorCacheSize.set(cache.size);
    await gate?.refreshDeadLetterGauge();
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  const guards: RouteGuards = {
    auth,
    bodyLimit: limitBody(
      config.SCHEMAGATE_MAX_BODY_BYTES,
      `Request bodies hold at most ${config.SCHEMAGATE_MAX_BODY_BYTES} bytes`,
    ),
    services,
    handleError,
  };
  mountRegistriesApi(app, guards);
  mountSchemasApi(app, guards);
  mountValidationApi(app, guards, config.SCHEMAGATE_BATCH_MAX_BYTES);
  mountKeysApi(app, guards);
  if (gate) {
    mountEventsApi(app, guards, gate, config.SCHEMAGATE_BATCH_MAX_BYTES);
    mountDeadLettersApi(app, guards, gate);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  let openapi: string | undefined;
  app.get('/openapi.json', system('/openapi.json'), (c) => {
    openapi ??= JSON.stringify(
      app.getOpenAPIDocument({
        openapi: '3.0.3',
        info: {
          title: 'schemagate',
          version: '1.0.0',
          description: 'A versioned event-schema registry and validation gate',
        },
      }),
    );
    return c.body(openapi, 200, { 'content-type': 'application/json' });
  });
  mountDocs(app as never, (path) => system(path) as MiddlewareHandler);
  mountConsole(app as never, (path) => system(path) as MiddlewareHandler, log.error);

  return {
    app,
    services,
    pool,
    ...(gate ? { gate } : {}),
    invalidate,
    invalidateAll: () => {
      views.clear();
      routes.markStale();
    },
  };
}
