import { z } from '@hono/zod-openapi';
import { listOf, PutRegistryBody, Registry, RegistryName } from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const params = z.object({ registry: RegistryName });

export const listRegistries = defineRoute('read', {
  method: 'get',
  path: '/v1/registries',
  tags: ['registries'],
  summary: 'List registries',
  responses: { 200: json(listOf(Registry), 'The registries') },
});

export const putRegistry = defineRoute('admin', {
  method: 'put',
  path: '/v1/registries/{registry}',
  tags: ['registries'],
  summary: 'Create or update a registry',
  request: { params, body: jsonBody(PutRegistryBody) },
  responses: {
    200: json(Registry, 'Updated'),
    201: json(Registry, 'Created'),
    422: problem('Invalid settings, or a description holding NUL or a lone surrogate (`unstorable_text`)'),
  },
});

export const getRegistry = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}',
  tags: ['registries'],
  summary: 'Read a registry',
  request: { params },
  responses: { 200: json(Registry, 'The registry'), 404: problem('No such registry') },
});
