import { eventsRoutes } from '@schemagate/api';
import { eventText } from '@schemagate/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';
import { readBodyText } from '../input.ts';
import { readValidateBody, type ValidateBody } from '../validate/validate.ts';

export const route = eventsRoutes.sendEvent;

interface SendInput {
  text: string;
  body: ValidateBody;
  shallow: boolean;
}

/** The body read once per request: the idempotency key's fallback reads it before the handler does. */
const inputs = new WeakMap<Request, Promise<SendInput>>();

function readInput(c: Context<AppEnv>): Promise<SendInput> {
  let input = inputs.get(c.req.raw);
  if (!input) {
    const { maxDepth } = c.get('services').validation.quotas;
    input = readBodyText(c).then((text) => ({ text, ...readValidateBody(text, maxDepth) }));
    inputs.set(c.req.raw, input);
  }
  return input;
}

/** The key a request without an `Idempotency-Key` header gets: the value at its registry's pointer, if any. */
export function fallbackKey(gate: GateService) {
  return async (c: Context<AppEnv>): Promise<string | undefined> => {
    const { body } = await readInput(c);
    return gate.pointerKey(body.event, body, c.get('principal')?.registries);
  };
}

/** `POST /v1/events`: the body of `/v1/validate`, judged by the same rule, kept in the outbox or dead letters. */
export function handler(gate: GateService) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const { text, body, shallow } = await readInput(c);
    return gate.send({
      event: body.event,
      text: eventText(text) ?? JSON.stringify(body.event),
      target: body,
      shallow,
      textLength: text.length,
      reach: c.get('principal')?.registries,
      idempotency: c.get('idempotency'),
      instance: c.req.path,
    });
  };
}
