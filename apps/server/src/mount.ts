import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { RouteScope } from '@schemagate/api';
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import type { Config } from './config.ts';
import type { CounterSeries } from './metrics/fast-metrics.ts';
import type { Metrics } from './metrics/index.ts';
import { type AuthOptions, requireReach, requireScope } from './middleware/auth.ts';
import { type Answer, chainGuards, type Guard } from './middleware/guard.ts';
import { requireJson } from './middleware/require-json.ts';
import type { ServerLimits } from './rate-limit/server-limits.ts';
import type { GateService } from './services/gate-service.ts';
import type { RegistryService } from './services/registry-service.ts';
import type { ValidationService } from './services/validation-service.ts';
import type { KeyAdmin } from './storage.ts';

/** Everything a handler reaches through `c.get('services')`. */
export interface Services {
  config: Config;
  metrics: Metrics;
  registry: RegistryService;
  validation: ValidationService;
  clock: () => Date;
  /** Rate limits, registration limits and load shedding (see `rate-limit/`). */
  limits: ServerLimits;
  /** Keys over HTTP (`/v1/keys`); absent when the app was given no key store. */
  keys?: KeyAdmin;
  /** The gate (events, dead letters); absent when the app was given no database to write them to. */
  gate?: GateService;
}

declare module 'hono' {
  interface ContextVariableMap {
    services: Services;
  }
}

export type AppEnv = { Variables: { services: Services } };
export type Api = OpenAPIHono<AppEnv>;

type ScopedRoute = RouteConfig & { 'x-scope': RouteScope };

/** What routes share in front of their handlers. */
export interface RouteGuards {
  auth: AuthOptions;
  /** The size limit for routes that take a body, unless the route brings its own. */
  bodyLimit: Guard;
  /** What handlers reach through `c.get('services')`; its metrics record every answer. */
  services: Services;
  /** The app's error handler, for hot routes, which answer their own errors (see {@link mountHot}). */
  handleError: ErrorHandler<AppEnv>;
}

const bodyMethods = new Set(['post', 'put', 'patch']);
const reachRegistryInPath: Guard = (c, next) => {
  requireReach(c, c.req.param('registry') ?? '');
  return next(c);
};
const jsonOnly = requireJson();

/** What a route may add to the guards every route has. */
export interface MountOptions {
  /** The size limit of its body, instead of the server's. */
  bodyLimit?: Guard;
  /** Refused at once (503 `overloaded`) while the event loop lags past the threshold: the routes that take traffic. */
  shed?: boolean;
}

/**
 * Load shedding first when the route sheds, then the scope check a route's declaration names (and the key's rate
 * limit), the registry check when its path names one, then, for a route with a body, a JSON content type and the
 * size limit: no route can forget any, and the OpenAPI document says what each needs.
 */
export function guardsFor(route: ScopedRoute, guards: RouteGuards, options: MountOptions): Guard[] {
  const list = options.shed ? [guards.services.limits.shedding.guard] : [];
  list.push(requireScope(route['x-scope'], guards.auth));
  // a route whose path names a registry checks the key may reach it, so no such route can forget to
  if (route.path.includes('{registry}')) list.push(reachRegistryInPath);
  // a POST that takes no body (replaying one dead letter) asks for no content type
  if (bodyMethods.has(route.method) && route.request?.body) {
    list.push(jsonOnly, options.bodyLimit ?? guards.bodyLimit);
  }
  return list;
}

/** hono's form of an OpenAPI path: `{name}` becomes `:name`. It is also the `route` label of the metrics. */
const honoPath = (path: string) => path.replaceAll(/\{(\w+)\}/g, ':$1');

/**
 * Counts a route's answers by status and times them, into series looked up once (at mount) rather than on every
 * request. `method` and `path` are the metrics' labels.
 */
export function routeRecorder(metrics: Metrics, method: string, path: string) {
  const duration = metrics.httpDuration.series([method, path]);
  const byStatus = new Map<number, CounterSeries>();
  return function record(status: number, started: number): void {
    let requests = byStatus.get(status);
    if (!requests) {
      requests = metrics.httpRequests.series([method, path, status]);
      byStatus.set(status, requests);
    }
    requests.count++;
    metrics.httpDuration.record(duration, (performance.now() - started) / 1000);
  };
}

/**
 * The first middleware of a route: hands handlers the services and records the answer, whether the handler
 * answered or the error handler did.
 */
export function observed(services: Services, method: string, path: string): MiddlewareHandler<AppEnv> {
  const record = routeRecorder(services.metrics, method, path);
  return async function observe(c, next) {
    const started = performance.now();
    c.set('services', services);
    await next();
    record(c.res.status, started);
  };
}

/** Mounts a declared route behind its guards; zod-openapi checks its input against the declaration. */
export function mount<R extends ScopedRoute>(
  api: Api,
  guards: RouteGuards,
  route: R,
  handler: RouteHandler<R, AppEnv>,
  options: MountOptions = {},
): void {
  const observe = observed(guards.services, route.method.toUpperCase(), honoPath(route.path));
  const middleware = [observe, ...guardsFor(route, guards, options)];
  api.openapi({ ...route, middleware: middleware as MiddlewareHandler[] }, handler as never);
}

/**
 * Mounts a hot route (validate, validate a batch, read a version) as one handler: observation, guards and the
 * handler are called directly, not through hono's middleware chain, which costs a promise and an async frame per
 * layer. The handler checks its own input with the route's declared zod schemas (see `routes/input.ts`) and the
 * declaration still documents the route in `/openapi.json`; errors are answered by the app's error handler, as
 * on every other route.
 */
export function mountHot<R extends ScopedRoute>(
  api: Api,
  guards: RouteGuards,
  route: R,
  handler: (c: Context<AppEnv>) => Response | Promise<Response>,
  options: MountOptions = {},
): void {
  api.openAPIRegistry.registerPath(route);
  const method = route.method.toUpperCase();
  const path = honoPath(route.path);
  const { services, handleError } = guards;
  const record = routeRecorder(services.metrics, method, path);
  const guarded = chainGuards(guardsFor(route, guards, options), handler as never);
  const answer = (response: Response, started: number) => {
    record(response.status, started);
    return response;
  };
  const fail = async (c: Context<AppEnv>, error: unknown, started: number) => {
    c.error = error as Error;
    return answer(await handleError(error as Error, c), started);
  };
  api.on(method, path, (c) => {
    const started = performance.now();
    c.set('services', services);
    let result: Answer;
    try {
      result = guarded(c);
    } catch (error) {
      return fail(c, error, started);
    }
    if (result instanceof Promise) {
      return result.then(
        (response) => answer(response as Response, started),
        (error) => fail(c, error, started),
      );
    }
    return answer(result as Response, started);
  });
}
