import { z } from '@hono/zod-openapi';
import {
  AcceptedEvent,
  DeadLetter,
  DeadLetterQuery,
  EventInvalidProblem,
  listOf,
  ReplayDeadLettersBody,
  ReplayDeadLettersResult,
} from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const tags = ['dead letters'];
const params = z.object({
  id: z
    .string()
    .regex(/^[0-9A-Z]{1,64}$/)
    .openapi({ description: 'A dead letter id' }),
});

export const listDeadLetters = defineRoute('write', {
  method: 'get',
  path: '/v1/dead-letters',
  tags,
  summary: 'List dead letters, oldest first',
  request: {
    query: DeadLetterQuery.extend({
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      cursor: z.string().max(1024).optional(),
    }),
  },
  responses: {
    200: json(listOf(DeadLetter), 'A page of dead letters'),
    422: problem('A `cursor` this listing did not give, or a malformed filter'),
  },
});

export const replayDeadLetter = defineRoute('write', {
  method: 'post',
  path: '/v1/dead-letters/{id}/replay',
  tags,
  summary: "Re-validate one dead letter against its schema's latest version and, if it passes, send it",
  request: { params },
  responses: {
    202: json(AcceptedEvent, 'Moved to the outbox'),
    404: problem('No such dead letter, or no schema to judge it by any more'),
    422: {
      description: '`event_invalid`: it still breaks the schema; it is kept with the new errors',
      content: { 'application/problem+json': { schema: EventInvalidProblem } },
    },
  },
});

export const replayDeadLetters = defineRoute('write', {
  method: 'post',
  path: '/v1/dead-letters/replay',
  tags,
  summary: 'Replay the dead letters a filter matches',
  description:
    "Re-validates each against its schema's latest version: those that pass go to the outbox, the others stay with their new errors. One call does a bounded amount of work; while more match, the answer carries `nextCursor` to pass to the next call.",
  request: { body: jsonBody(ReplayDeadLettersBody) },
  responses: {
    200: json(ReplayDeadLettersResult, 'What this call did'),
    422: problem('A `cursor` this replay did not give, or a malformed filter'),
  },
});

export const deleteDeadLetter = defineRoute('write', {
  method: 'delete',
  path: '/v1/dead-letters/{id}',
  tags,
  summary: 'Delete a dead letter',
  request: { params },
  responses: { 204: { description: 'Deleted' }, 404: problem('No such dead letter') },
});
