import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { RouteScope } from '@schemagate/api';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from './config.ts';
import type { Metrics } from './metrics/index.ts';
import { type AuthOptions, requireScope } from './middleware/auth.ts';
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

/**
 * Mounts a declared route with the scope check its declaration names, so no route can forget its auth and the
 * OpenAPI document says what each needs.
 */
export function mount<R extends ScopedRoute>(
  api: Api,
  auth: AuthOptions,
  route: R,
  handler: RouteHandler<R, AppEnv>,
  middleware: MiddlewareHandler[] = [],
): void {
  const guard = requireScope(route['x-scope'], auth);
  api.openapi({ ...route, middleware: [guard, ...middleware] }, handler as never);
}

/**
 * Mounts a hot route (validate, validate a batch, read a version) whose handler checks its own input with the
 * route's declared zod schemas (see `routes/input.ts`). The declaration still documents it in `/openapi.json`;
 * what is skipped is zod-openapi's per-route validator chain, which cost about as much as validating the event.
 */
export function mountHot<R extends ScopedRoute>(
  api: Api,
  auth: AuthOptions,
  route: R,
  handler: (c: Context<AppEnv>) => Promise<Response>,
  middleware: MiddlewareHandler[] = [],
): void {
  api.openAPIRegistry.registerPath(route);
  const path = route.path.replaceAll(/\{(\w+)\}/g, ':$1');
  api.on(route.method.toUpperCase(), path, requireScope(route['x-scope'], auth), ...middleware, handler);
}
