import type { GateResult, ValidationIssue } from '@schemagate/core';

/** One reason an event failed validation: core's issue, the shape the registry's `/v1/validate` answers with. */
export type { ValidationIssue };

/**
 * Which schema version an event was checked against, and the verdict: core's result, as `POST /v1/validate`
 * answers it. An event that could not be checked at all (no schema, several schemas, a disabled version) is
 * `valid: false` with one issue whose keyword is the refusal's code (`no_schema_for_event`, `ambiguous_route`,
 * `version_disabled`), as in a batch answer of the registry.
 */
export type EventValidationResult = GateResult;

/** Where to validate an event when its own fields should not decide. */
export interface ValidationTarget {
  registry?: string;
  schema?: string;
  version?: number | 'latest';
}

/** Anything that validates events: the registry-backed `createValidator` or generated bindings (`bindingsValidator`). */
export interface EventValidator {
  validate(event: unknown, target?: ValidationTarget): EventValidationResult | Promise<EventValidationResult>;
}
