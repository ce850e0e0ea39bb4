import { Quotas, ValidateBatchBody, ValidateBatchResult, ValidateBody, ValidateResult } from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const tags = ['validation'];

export const validate = defineRoute('validate', {
  method: 'post',
  path: '/v1/validate',
  tags,
  summary: 'Validate one event',
  description:
    'Routes by explicit `schema`/`version`, else an EventBridge envelope (`source` + `detail-type`), else a CloudEvent `type`.',
  request: { body: jsonBody(ValidateBody) },
  responses: {
    200: json(ValidateResult, 'The verdict'),
    404: problem('No schema for this event'),
    422: problem('The event cannot be validated (too deep, disabled version)'),
  },
});

export const validateBatch = defineRoute('validate', {
  method: 'post',
  path: '/v1/validate/batch',
  tags,
  summary: 'Validate many events; results in request order',
  request: { body: jsonBody(ValidateBatchBody) },
  responses: { 200: json(ValidateBatchResult, 'One result per event, in order') },
});

export const getQuotas = defineRoute('any', {
  method: 'get',
  path: '/v1/quotas',
  tags,
  summary: 'The limits this server enforces',
  responses: { 200: json(Quotas, 'The limits') },
});
