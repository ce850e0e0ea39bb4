import { z } from '@hono/zod-openapi';
import { ApiKey, CreatedApiKey, CreateKeyBody, listOf } from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const tags = ['keys'];

export const createKey = defineRoute('admin', {
  method: 'post',
  path: '/v1/keys',
  tags,
  summary: 'Create an API key',
  description:
    'Answers the key itself this once; only its sha256 is stored. `registries` limits the key to those registries (absent: every registry); `rateLimit` gives it its own token bucket instead of the server defaults (`SCHEMAGATE_RATE_LIMIT`, `SCHEMAGATE_RATE_BURST`).',
  request: { body: jsonBody(CreateKeyBody) },
  responses: {
    201: json(CreatedApiKey, 'The key, shown this once'),
    403: problem('Not an admin key, or an admin key limited to some registries (it may not manage keys)'),
    422: problem('An unknown scope, an empty or malformed `registries`, a bad `name` or a non-positive rate'),
  },
});

export const listKeys = defineRoute('admin', {
  method: 'get',
  path: '/v1/keys',
  tags,
  summary: 'List live keys, never their secret',
  description:
    'Keys in id order, a page at a time; `lastUsedAt` is coarse (written at most once a minute per key and replica).',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      cursor: z.string().max(1024).optional(),
    }),
  },
  responses: {
    200: json(listOf(ApiKey), 'The keys'),
    422: problem('A `cursor` this listing did not give'),
  },
});

export const revokeKey = defineRoute('admin', {
  method: 'delete',
  path: '/v1/keys/{id}',
  tags,
  summary: 'Revoke a key',
  description: 'Refused from the next request on, on every replica (announced through Postgres NOTIFY).',
  request: { params: z.object({ id: z.string().min(1).max(128) }) },
  responses: {
    204: { description: 'Revoked' },
    404: problem('No live key with this id'),
  },
});
