import { idempotency } from '@schemagate/idempotency';
import type { Context, MiddlewareHandler } from 'hono';
import { limitBody } from '../../middleware/body-limit.ts';
import { type Api, type AppEnv, guardsFor, observed, type RouteGuards } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';
import * as batch from './batch.ts';
import * as send from './send.ts';

/** Idempotency keys are the caller's own: two API keys may use the same key for different requests. */
const scopeOf = (route: string) => (c: Context<AppEnv>) => `${c.get('principal')?.id ?? ''} ${route}`;

/**
 * The gate: one event, and a batch (with the batch body limit). Both go through hono's middleware chain, since
 * the Idempotency-Key middleware wraps the single route's handler: the handler writes the record in the
 * transaction that stores the event, and a repeat is answered from the record.
 */
export function mountEventsApi(
  api: Api,
  guards: RouteGuards,
  gate: GateService,
  batchMaxBytes: number,
): void {
  const { config, metrics } = guards.services;
  const store = gate.idempotencyStore;
  const single = idempotency({
    store,
    required: config.SCHEMAGATE_IDEMPOTENCY_REQUIRED,
    ttlSeconds: config.SCHEMAGATE_IDEMPOTENCY_TTL_SECONDS,
    scope: scopeOf('POST /v1/events'),
    fallbackKey: send.fallbackKey(gate) as never,
    onReplay: () => metrics.idempotentReplays.inc(),
    // the gate writes the record with the event, after validating it (see GateService.send)
    deferred: true,
  });
  // a key on the batch request itself replays the whole answer; each entry has its own key besides
  const whole = idempotency({
    store,
    ttlSeconds: config.SCHEMAGATE_IDEMPOTENCY_TTL_SECONDS,
    scope: scopeOf('POST /v1/events/batch'),
    onReplay: () => metrics.idempotentReplays.inc(),
    // a batch that ran answers 200 (its entries' own outcomes inside); a refusal before it ran releases the key
    storeAnswer: (status) => status === 200,
  });
  const mountOne = (
    route: typeof send.route | typeof batch.route,
    middleware: MiddlewareHandler,
    handler: (c: Context<AppEnv>) => Promise<Response>,
    options: Parameters<typeof guardsFor>[2],
  ) => {
    api.openAPIRegistry.registerPath(route);
    api.on(
      'POST',
      route.path,
      observed(guards.services, 'POST', route.path),
      ...(guardsFor(route, guards, options) as unknown as MiddlewareHandler[]),
      middleware,
      handler as never,
    );
  };
  mountOne(send.route, single, send.handler(gate), { shed: true });
  mountOne(batch.route, whole, batch.handler(gate, scopeOf('POST /v1/events/batch entry')), {
    shed: true,
    bodyLimit: limitBody(batchMaxBytes, `A batch body holds at most ${batchMaxBytes} bytes`),
  });
}
