import { validationRoutes } from '@schemagate/api';
import type { Context } from 'hono';
import type { AppEnv } from '../../mount.ts';
import { checkBatchSize, checkInput, parseJson, readBodyText } from '../input.ts';

export const route = validationRoutes.validateBatch;
const bodySchema = route.request.body.content['application/json'].schema;

export async function handler(c: Context<AppEnv>): Promise<Response> {
  const text = await readBodyText(c);
  const body = checkInput(bodySchema, parseJson(text));
  checkBatchSize(body.events.length, c.get('services').validation.quotas.batch.maxEvents);
  // the body's length bounds every event's, so events too short to be costly for their schema are not measured
  const results = await c
    .get('services')
    .validation.validateMany(body.events, body, text.length, c.get('principal')?.registries);
  let failedCount = 0;
  for (const result of results) if (!result.valid) failedCount++;
  return c.json({ failedCount, results }, 200);
}
