/** One reason an event failed validation: the shape the registry's `/v1/validate` answers with. */
export interface ValidationIssue {
  /** JSON Pointer into the event. */
  path: string;
  keyword: string;
  message: string;
  schemaPath: string;
}

/** Which schema version an event was checked against, and the verdict. */
export interface EventValidationResult {
  valid: boolean;
  /** Set when the event could be routed to a schema. */
  registry?: string;
  schema?: string;
  version?: number | string;
  errors: ValidationIssue[];
  /** E.g. the matched version is deprecated. */
  warnings?: string[];
}

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
