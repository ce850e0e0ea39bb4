import { Quotas, ValidateBatchBody, ValidateBatchResult, ValidateBody, ValidateResult } from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const tags = ['validation'];

/** The answer of the routes that shed load while the server's event loop lags (see `shedding` in /v1/quotas). */
const overloaded = problem(
  '`overloaded`: the event loop lags past `shedding.lagMs`; retry after `Retry-After` seconds, or on another replica',
);

export const validate = defineRoute('validate', {
  method: 'post',
  path: '/v1/validate',
  tags,
  summary: 'Validate one event',
  description:
    "Routes by explicit `schema` (and `version`; else the newest version that is not disabled), else an EventBridge envelope (`source` + `detail-type`), else a CloudEvent (`specversion` + `type`: its `dataschema` names a registered `$id` first). A deprecated version validates with a warning. The SDK's `createValidator` and generated bindings route and judge by the same rule (core's gate).",
  request: { body: jsonBody(ValidateBody) },
  responses: {
    200: json(ValidateResult, 'The verdict'),
    404: problem('`no_schema_for_event`: no schema for this event'),
    409: problem('`ambiguous_route`: several schemas match the event; name the registry or the schema'),
    422: problem(
      'The event cannot be validated: too deep, a number past ±1.8e308 (`number_out_of_range`, naming its pointer in the event), a disabled version, `validation_budget_exceeded` (validating it would take longer than `limits.validation.budgetMs` of /v1/quotas) or `schema_too_complex` (a version over `limits.schema`)',
    ),
    503: overloaded,
  },
});

export const validateBatch = defineRoute('validate', {
  method: 'post',
  path: '/v1/validate/batch',
  tags,
  summary: 'Validate many events; results in request order',
  request: { body: jsonBody(ValidateBatchBody) },
  description:
    'An event that cannot be routed, holds a number past ±1.8e308 (`number_out_of_range`, with its pointer), or alone would take longer than the validation budget, fails in its own result. The batch lets other requests in as it goes; one whose own work takes longer than `limits.validation.budgetMs` as a whole is refused.',
  responses: {
    200: json(ValidateBatchResult, 'One result per event, in order'),
    422: problem('`validation_budget_exceeded`: the batch as a whole would take longer than the budget'),
    503: overloaded,
  },
});

export const getQuotas = defineRoute('any', {
  method: 'get',
  path: '/v1/quotas',
  tags,
  summary: 'The limits this server enforces',
  responses: { 200: json(Quotas, 'The limits') },
});
