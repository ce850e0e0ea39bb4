import {
  AcceptedEvent,
  EventInvalidProblem,
  SendEventsBatchBody,
  SendEventsBatchResult,
  ValidateBody,
} from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const tags = ['events'];

const idempotencyProblems = {
  400: problem(
    '`idempotency_key_missing`: the server requires an `Idempotency-Key` and none was sent or found in the event',
  ),
  409: problem(
    '`idempotency_key_in_flight`: a request with this key is still in progress; retry after `Retry-After` seconds',
  ),
};

export const sendEvent = defineRoute('validate', {
  method: 'post',
  path: '/v1/events',
  tags,
  summary: 'Send one event through the gate',
  description:
    "Takes the body of `/v1/validate` and routes and judges the event by the same rule. An event that passes is stored in the outbox, to be forwarded to EventBridge, and answered 202; one that breaks its schema is answered 422 `event_invalid` and kept in dead letters (unless its registry discards them), never forwarded. An event no schema matches is answered as `/v1/validate` does (404, 409) and not kept. `Idempotency-Key` (IETF draft 07, a Structured Field string; else the value at the registry's `idempotencyKeyPointer`): a repeat of a finished request answers the first status and body byte for byte with `Idempotency-Replayed: true`.",
  request: { body: jsonBody(ValidateBody) },
  responses: {
    202: json(AcceptedEvent, 'Stored durably; it will be forwarded'),
    ...idempotencyProblems,
    404: problem('`no_schema_for_event`: no schema for this event'),
    422: {
      description:
        '`event_invalid`: the event breaks its schema (with `errors` and `deadLetterId`); `event_unforwardable`: it passes its schema but EventBridge could never take it (its entry over 256 KiB, or no object EventBridge reads as an event), so it is refused and kept nowhere; `idempotency_key_reused`: the key was used for another request; or the event cannot be validated, as /v1/validate says',
      content: { 'application/problem+json': { schema: EventInvalidProblem } },
    },
    503: problem('`storage_unavailable`: storage cannot take the event now; retry after `Retry-After`'),
  },
});

export const sendEventsBatch = defineRoute('validate', {
  method: 'post',
  path: '/v1/events/batch',
  tags,
  summary: 'Send many events; results in request order',
  description:
    "Each entry is treated as `POST /v1/events` would treat it alone, with its own `idempotencyKey` (else its registry's pointer): a repeated entry answers its stored result with `replayed: true`. Bounded by `batch` of /v1/quotas. The entries' writes are one transaction: a storage fault answers 503 and stores none of them.",
  request: { body: jsonBody(SendEventsBatchBody) },
  responses: {
    200: json(SendEventsBatchResult, 'One result per entry, in order'),
    ...idempotencyProblems,
    413: problem('More entries, or more bytes, than `batch` of /v1/quotas allows'),
    422: problem('`validation_budget_exceeded`: the batch as a whole would take longer than the budget'),
    503: problem('`storage_unavailable`: storage cannot take the events now; retry after `Retry-After`'),
  },
});
