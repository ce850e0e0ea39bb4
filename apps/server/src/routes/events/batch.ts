import { eventsRoutes } from '@schemagate/api';
import { batchEventTexts } from '@schemagate/core';
import type { Context } from 'hono';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';
import { checkBatchSize, checkInput, parseJson, readBodyText } from '../input.ts';

export const route = eventsRoutes.sendEventsBatch;
const bodySchema = route.request.body.content['application/json'].schema;

/** `POST /v1/events/batch`: each entry as `POST /v1/events` would treat it alone, results in request order. */
export function handler(gate: GateService, scope: (c: Context<AppEnv>) => string) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const text = await readBodyText(c);
    const body = checkInput(bodySchema, parseJson(text));
    checkBatchSize(body.events.length, c.get('services').validation.quotas.batch.maxEvents);
    const missing = body.events.findIndex((e) => e.event === undefined);
    if (missing >= 0) {
      throw new AppError('invalid_request', {
        detail: 'Every entry needs an `event` member',
        errors: [{ path: `/events/${missing}/event`, message: 'Required', code: 'invalid_type' }],
      });
    }
    const answer = await gate.sendBatch({
      entries: body.events,
      texts: batchEventTexts(text),
      textLength: text.length,
      reach: c.get('principal')?.registries,
      scope: scope(c),
    });
    return c.json(answer, 200);
  };
}
