import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { RouteScope } from '@schemagate/api';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from './config.ts';
import type { Metrics } from './metrics/index.ts';
import { type AuthOptions, requireScope } from './middleware/auth.ts';
import { requireJson } from './middleware/require-json.ts';
import type { RegistryService } from './services/registry-service.ts';
import type { ValidationService } from './services/validation-service.ts';

/** Everything a handler reaches through `c.var.services`. */
export interface Services {
  config: Config;
  metrics: Metrics;
  registry: RegistryService;
  validation: ValidationService;
  clock: () => Date;
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
  bodyLimit: MiddlewareHandler;
}

const bodyMethods = new Set(['post', 'put', 'patch']);
const jsonOnly = requireJson();

/**
 * The scope check a route's declaration names, then, for a route with a body, a JSON content type and the size
 * limit: no route can forget either, and the OpenAPI document says what each needs.
 */
function guardsFor(
  route: ScopedRoute,
  guards: RouteGuards,
  bodyLimit?: MiddlewareHandler,
): MiddlewareHandler[] {
  const list = [requireScope(route['x-scope'], guards.auth)];
  if (bodyMethods.has(route.method)) list.push(jsonOnly, bodyLimit ?? guards.bodyLimit);
  return list;
}

/** Mounts a declared route behind its guards; zod-openapi checks its input against the declaration. */
export function mount<R extends ScopedRoute>(
  api: Api,
  guards: RouteGuards,
  route: R,
  handler: RouteHandler<R, AppEnv>,
  options: { bodyLimit?: MiddlewareHandler } = {},
): void {
  api.openapi({ ...route, middleware: guardsFor(route, guards, options.bodyLimit) }, handler as never);
}

/**
 * Mounts a hot route (validate, validate a batch, read a version) whose handler checks its own input with the
 * route's declared zod schemas (see `routes/input.ts`). The declaration still documents it in `/openapi.json`;
 * what is skipped is zod-openapi's per-route validator chain, which cost about as much as validating the event.
 */
export function mountHot<R extends ScopedRoute>(
  api: Api,
  guards: RouteGuards,
  route: R,
  handler: (c: Context<AppEnv>) => Promise<Response>,
  options: { bodyLimit?: MiddlewareHandler } = {},
): void {
  api.openAPIRegistry.registerPath(route);
  const path = route.path.replaceAll(/\{(\w+)\}/g, ':$1');
  const [scope, ...rest] = guardsFor(route, guards, options.bodyLimit);
  api.on(route.method.toUpperCase(), path, scope!, ...rest, handler);
}
