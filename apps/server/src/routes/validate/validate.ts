import { validationRoutes } from '@schemagate/api';
import { textMayHoldOutOfRangeNumber, textNestsAtMost } from '@schemagate/core';
import type { Context } from 'hono';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../mount.ts';
import { checkInput, parseJson, unreadableBody } from '../input.ts';

export const route = validationRoutes.validate;
const bodySchema = route.request.body.content['application/json'].schema;
/** The body `/v1/validate` and `/v1/events` take. */
export type ValidateBody = ReturnType<typeof bodySchema.parse>;
type Body = ValidateBody;

/**
 * Whether a parsed body is `{ "event": … }` and nothing else, the usual request: the declared body schema takes
 * any value as `event` and has no other required member, so such a body needs no further check.
 */
export function isEventOnly(value: unknown): value is Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('event' in value))
    return false;
  for (const key in value) if (key !== 'event') return false;
  return true;
}

/**
 * Reads the body as text, so that a text whose brackets cannot nest past the depth limit spares the event a
 * second walk (see `textNestsAtMost`), then validates. Answers in the same tick as the body arrives when the
 * event's route and version are cached.
 */
export function handler(c: Context<AppEnv>): Promise<Response> {
  return c.req.text().then((text) => answer(c, text), unreadableBody);
}

/**
 * The body of `/v1/validate` (and of `/v1/events`, which takes the same) from its text, and whether the text
 * spares the event its walk: it can nest no deeper than `maxDepth` and hold no number out of range.
 */
export function readValidateBody(text: string, maxDepth: number): { body: Body; shallow: boolean } {
  const value = parseJson(text);
  const body = isEventOnly(value) ? value : checkInput(bodySchema, value);
  if (!('event' in body))
    throw new AppError('invalid_request', { detail: 'The body needs an `event` member' });
  return { body, shallow: textNestsAtMost(text, maxDepth) && !textMayHoldOutOfRangeNumber(text) };
}

function answer(c: Context<AppEnv>, text: string): Response | Promise<Response> {
  const { validation } = c.get('services');
  const { body, shallow } = readValidateBody(text, validation.quotas.maxDepth);
  const reach = c.get('principal')?.registries;
  const result = validation.validateOne(body.event, body, shallow, text.length, reach);
  return result instanceof Promise ? result.then((done) => c.json(done, 200)) : c.json(result, 200);
}
