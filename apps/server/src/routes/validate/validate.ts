import { validationRoutes } from '@schemagate/api';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { readJsonBody } from '../input.ts';

export const route = validationRoutes.validate;
const bodySchema = route.request.body.content['application/json'].schema;

export async function handler(c: Context<AppEnv>): Promise<Response> {
  const body = await readJsonBody(c, bodySchema);
  if (!('event' in body))
    throw new AppError('invalid_request', { detail: 'The body needs an `event` member' });
  const result = c.get('services').validation.validateOne(body.event, body);
  return c.json(result instanceof Promise ? await result : result, 200);
}
