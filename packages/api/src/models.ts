import { z } from '@hono/zod-openapi';
import {
  COMPATIBILITY_MODES,
  COMPATIBILITY_POLICIES,
  DEAD_LETTER_POLICIES,
  DEAD_LETTER_REASONS,
  KEY_SCOPES,
  SCHEMA_FORMATS,
  VERSION_STATES,
} from '@schemagate/core';
import { ProblemCode } from './problem-codes.ts';

/** Registry names follow EventBridge's registry naming so a registry mirrors one there 1:1. */
export const RegistryName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/)
  .openapi({ example: 'orders', description: 'Registry name, [A-Za-z0-9._-]{1,64}' });

/** Schema names: EventBridge style `source@DetailType` is allowed. */
export const SchemaName = z
  .string()
  .regex(/^[A-Za-z0-9._@-]{1,385}$/)
  .openapi({ example: 'com.shop.orders@OrderPlaced', description: 'Schema name, [A-Za-z0-9._@-]{1,385}' });

export const CompatibilityMode = z.enum(COMPATIBILITY_MODES).openapi('CompatibilityMode');
export const CompatibilityPolicy = z.enum(COMPATIBILITY_POLICIES).openapi('CompatibilityPolicy');
export const SchemaFormat = z.enum(SCHEMA_FORMATS).openapi('SchemaFormat');
export const VersionState = z.enum(VERSION_STATES).openapi('VersionState');
export const Scope = z.enum(KEY_SCOPES).openapi('Scope');
export const DeadLetterPolicy = z.enum(DEAD_LETTER_POLICIES).openapi('DeadLetterPolicy', {
  description:
    'What the gate does with an event that breaks its schema: `keep` it in dead letters, or `discard` it',
});
export const DeadLetterReason = z.enum(DEAD_LETTER_REASONS).openapi('DeadLetterReason', {
  description:
    '`invalid`: refused at the gate; `forward_failed`: the forwarder gave up after its last attempt',
});

/** A JSON Pointer (RFC 6901) naming a member of an event; the empty pointer (the whole event) is not a key. */
export const EventPointer = z
  .string()
  .max(1024)
  .regex(
    /^(\/([^~/]|~[01])*)+$/,
    'must be a JSON Pointer (RFC 6901) such as `/id`: `/`-separated, `~` only as ~0 or ~1',
  )
  .openapi({ example: '/id', description: 'A JSON Pointer (RFC 6901) into the event' });

export const ValidationError = z
  .object({
    path: z
      .string()
      .openapi({ description: 'JSON Pointer into the validated value', example: '/detail/total' }),
    keyword: z.string(),
    message: z.string(),
    schemaPath: z.string(),
  })
  .openapi('ValidationError');

/** RFC 9457 problem details, with a stable `code`. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: ProblemCode,
    errors: z.array(z.unknown()).optional(),
    instance: z.string().optional(),
  })
  .passthrough()
  .openapi('Problem');

/** The codes of a 401: no key was sent (`missing_key`), or the key sent is unknown or revoked (`invalid_key`). */
export const AUTH_PROBLEM_CODES = ['missing_key', 'invalid_key'] as const satisfies readonly ProblemCode[];
export type AuthProblemCode = (typeof AUTH_PROBLEM_CODES)[number];

export const AuthProblem = Problem.extend({
  code: z.enum(AUTH_PROBLEM_CODES).openapi({ example: 'missing_key' }),
}).openapi('AuthProblem');

export const Registry = z
  .object({
    name: RegistryName,
    description: z.string().nullable(),
    compatibility: CompatibilityMode,
    policy: CompatibilityPolicy,
    deadLetters: DeadLetterPolicy,
    idempotencyKeyPointer: EventPointer.nullable().openapi({
      description:
        'Where in an event its idempotency key is when no `Idempotency-Key` header names one (EventBridge events carry `/id`); null: nowhere',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Registry');

export const PutRegistryBody = z
  .object({
    description: z.string().max(2048).optional(),
    compatibility: CompatibilityMode.optional(),
    policy: CompatibilityPolicy.optional(),
    deadLetters: DeadLetterPolicy.optional(),
    idempotencyKeyPointer: EventPointer.nullable()
      .optional()
      .openapi({ description: 'A JSON Pointer such as `/id`; null removes it' }),
  })
  .strict()
  .openapi('PutRegistryBody');

export const SchemaSummary = z
  .object({
    registry: RegistryName,
    name: SchemaName,
    latestVersion: z.number().int().nullable(),
    compatibility: CompatibilityMode,
    policy: CompatibilityPolicy,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SchemaSummary');

export const Metadata = z.record(z.string(), z.unknown()).openapi('Metadata');

export const RegisterVersionBody = z
  .object({
    schema: z.unknown().openapi({ description: 'The JSON Schema or EventBridge OpenAPI 3 document' }),
    format: SchemaFormat.optional().openapi({ description: 'Detected from the document when absent' }),
    metadata: Metadata.optional(),
  })
  .strict()
  .openapi('RegisterVersionBody');

export const RegisterVersionResult = z
  .object({
    registry: RegistryName,
    name: SchemaName,
    version: z.number().int(),
    fingerprint: z.string(),
    warnings: z.array(z.string()),
  })
  .openapi('RegisterVersionResult');

export const VersionSummary = z
  .object({
    version: z.number().int(),
    format: SchemaFormat,
    state: VersionState,
    fingerprint: z.string(),
    createdAt: z.string(),
    metadata: Metadata,
  })
  .openapi('VersionSummary');

export const SchemaVersion = z
  .object({
    registry: RegistryName,
    name: SchemaName,
    version: z.number().int(),
    format: SchemaFormat,
    dialect: z.string(),
    state: VersionState,
    fingerprint: z.string(),
    createdAt: z.string(),
    metadata: Metadata,
    schema: z.unknown(),
  })
  .openapi('SchemaVersion');

export const PatchVersionBody = z
  .object({ state: VersionState.optional(), metadata: Metadata.optional() })
  .strict()
  .openapi('PatchVersionBody');

export const VersionRef = z
  .object({ registry: RegistryName, name: SchemaName, version: z.number().int() })
  .openapi('VersionRef');

export const VersionReferences = z
  .object({
    references: z
      .array(VersionRef)
      .openapi({ description: "The versions this version's absolute `$ref`s resolved to at registration" }),
    referencedBy: z
      .array(VersionRef)
      .openapi({ description: 'The live versions whose `$ref`s resolved to this version' }),
  })
  .openapi('VersionReferences');

export const SchemaConfig = z
  .object({ compatibility: CompatibilityMode, policy: CompatibilityPolicy })
  .openapi('SchemaConfig');

export const PutSchemaConfigBody = z
  .object({ compatibility: CompatibilityMode.optional(), policy: CompatibilityPolicy.optional() })
  .strict()
  .openapi('PutSchemaConfigBody');

export const CompatibilityChange = z
  .object({
    type: z.string(),
    path: z.string(),
    breaking: z.boolean(),
    message: z.string(),
    witness: z.unknown().optional(),
    version: z.number().int().optional(),
  })
  .openapi('CompatibilityChange');

export const CompatibilityReport = z
  .object({
    compatible: z.boolean(),
    mode: CompatibilityMode,
    policy: CompatibilityPolicy,
    changes: z.array(CompatibilityChange),
  })
  .openapi('CompatibilityReport');

export const CheckCompatibilityBody = z
  .object({
    schema: z.unknown(),
    format: SchemaFormat.optional(),
    against: z.number().int().positive().optional().openapi({
      description:
        "Compare with this registered version only (in the directions of the schema's mode), e.g. to report what changed between two versions; by default the versions the mode compares with",
    }),
  })
  .strict()
  .openapi('CheckCompatibilityBody');

const Target = {
  registry: RegistryName.optional(),
  schema: SchemaName.optional(),
  version: z.union([z.number().int().positive(), z.literal('latest')]).optional(),
};

export const ValidateBody = z
  .object({ event: z.unknown().openapi({ description: 'Any JSON value' }), ...Target })
  .strict()
  .openapi('ValidateBody');

export const ValidateResult = z
  .object({
    valid: z.boolean(),
    registry: RegistryName.nullable(),
    schema: SchemaName.nullable(),
    version: z.number().int().nullable(),
    errors: z.array(ValidationError),
    warnings: z.array(z.string()).optional(),
  })
  .openapi('ValidateResult');

export const ValidateBatchBody = z
  .object({
    events: z
      .array(z.unknown())
      .openapi({ description: 'Events, each routed by its envelope unless schema is set' }),
    ...Target,
  })
  .strict()
  .openapi('ValidateBatchBody');

export const ValidateBatchResult = z
  .object({ failedCount: z.number().int(), results: z.array(ValidateResult) })
  .openapi('ValidateBatchResult');

const int = (description: string) => z.number().int().openapi({ description });

/** The static bounds on a schema, checked at registration (422 `schema_too_complex` names the one passed). */
export const SchemaLimits = z
  .object({
    maxSubschemas: int('Subschemas in a schema and the schemas it references'),
    maxExpandedSubschemas: int(
      'Subschemas one validation may pass through, each $ref counted where it is used (a recursive one once)',
    ),
    maxEnumValues: int('Values of one enum'),
    maxPatternProperties: int('Entries of one patternProperties'),
    maxPatternRepetition: int(
      'How far an unanchored pattern may reach through bounded repetitions (a{1000}b: 1000) on a string without maxLength, or as a property-name pattern',
    ),
    inlineCompileSubschemas: int(
      'A schema with more subschemas (an enum counting one per ten values) is compiled, and its events validated, in the worker pool',
    ),
    compileBudgetMs: int('The most compiling such a schema may take'),
    bindingsBudgetMs: int("The most generating a version's TypeScript bindings may take"),
  })
  .openapi('SchemaLimits');

/** What one validation may spend (422 `validation_budget_exceeded` past it). */
export const ValidationLimits = z
  .object({
    inlineMs: int('A validation estimated to take longer runs in the worker pool, off the event loop'),
    budgetMs: int('The most one validation, or one batch, may take'),
  })
  .openapi('ValidationLimits');

/** What one compatibility check may spend (422 `schema_too_complex` with `limit` `steps` or `time` past it). */
export const CompatibilityLimits = z
  .object({
    maxSteps: int('Subschema pairs one check may compare, over every version and direction it compares'),
    maxMillis: int('The time one check may take; witnesses are looked for only while time is left'),
    maxWitnessCandidates: int('Values tried as witnesses over one report; past them changes carry none'),
    maxWitnessMillis: int('The time the witness search of one report may take, within maxMillis'),
    hardLimitMs: int('Past this the check is stopped whatever it is doing (its worker is replaced)'),
  })
  .openapi('CompatibilityLimits');

/** The worker pool that heavy work (compatibility, large compilations, costly validations) runs in. */
export const WorkPoolLimits = z
  .object({
    size: int('Worker threads'),
    maxQueue: int('Tasks that may wait for a worker; one more is answered 503 with Retry-After'),
    queueTimeoutMs: int('How long a task may wait behind busy workers before it is answered 503'),
    taskTimeoutMs: int('The hard limit of one task, unless its kind of work names its own'),
    maxHeapMb: int('The heap one worker may grow to; past it the task fails with 422 naming `memory`'),
  })
  .openapi('WorkPoolLimits');

/** A token bucket: `perSecond` sustained, up to `burst` at once. */
export const RateLimit = z
  .object({
    perSecond: z
      .number()
      .positive()
      .max(1_000_000)
      .openapi({ description: 'Sustained requests per second (more than 0)', example: 100 }),
    burst: z.number().int().min(1).max(10_000_000).openapi({
      description: 'Requests that may be spent at once, on a full bucket (at least 1)',
      example: 200,
    }),
  })
  .strict()
  .openapi('RateLimit');

export const KeyName = z
  .string()
  .regex(/^\P{Cc}{1,200}$/u, 'a name is 1 to 200 characters, no control characters')
  .refine((name) => name.trim() === name, 'a name has no leading or trailing spaces')
  .openapi({ description: 'A label shown in lists', example: 'orders producer' });

export const CreateKeyBody = z
  .object({
    scope: Scope,
    name: KeyName.optional(),
    registries: z
      .array(RegistryName)
      .min(1, 'name at least one registry, or leave `registries` out for every registry')
      .max(1000)
      .optional()
      .openapi({ description: 'The only registries the key may reach; absent: every registry' }),
    rateLimit: RateLimit.optional(),
  })
  .strict()
  .openapi('CreateKeyBody');

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The public start of the key, shown in lists' }),
    scope: Scope,
    registries: z.array(z.string()).nullable().openapi({ description: 'null: every registry' }),
    rateLimit: RateLimit.nullable().openapi({ description: "null: the server's defaults" }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const CreatedApiKey = z
  .object({
    id: z.string(),
    key: z.string().openapi({ description: 'The key itself: shown this once, stored only as its sha256' }),
    scope: Scope,
    name: z.string(),
    registries: z.array(z.string()).nullable(),
    rateLimit: RateLimit.nullable(),
    createdAt: z.string(),
  })
  .openapi('CreatedApiKey');

/** The calling key's token bucket as the server applies it. */
export const RateLimitQuota = z
  .object({
    source: z.enum(['key', 'default', 'off']).openapi({
      description:
        "`key`: the key's own limits; `default`: SCHEMAGATE_RATE_LIMIT / SCHEMAGATE_RATE_BURST; `off`: not limited",
    }),
    perSecond: z.number().nullable(),
    burst: z.number().int().nullable(),
    remaining: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Requests the bucket holds now, on this replica' }),
    policy: z
      .string()
      .nullable()
      .openapi({ description: 'The `RateLimit-Policy` field a 429 carries', example: '"default";q=200;w=2' }),
    perReplica: z.literal(true).openapi({ description: 'Each replica keeps its own buckets' }),
  })
  .openapi('RateLimitQuota');

/** What registering may do (413/422/429 naming the limit past them). */
export const RegistrationQuota = z
  .object({
    maxSchemaBytes: z.number().int().openapi({ description: "A schema's JSON text, in bytes (413 past it)" }),
    maxVersionsPerSchema: z.number().int().openapi({
      description: 'Live (not deleted) versions one schema may hold (422 `too_many_versions` past it)',
    }),
    perMinute: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Registrations one key may make a minute (429 past it); null: not limited' }),
  })
  .openapi('RegistrationQuota');

export const Quotas = z
  .object({
    maxBodyBytes: z.number().int(),
    maxDepth: z.number().int(),
    batch: z.object({ maxEvents: z.number().int(), maxBytes: z.number().int() }),
    limits: z
      .object({
        schema: SchemaLimits,
        validation: ValidationLimits,
        compatibility: CompatibilityLimits,
        pool: WorkPoolLimits,
      })
      .passthrough(),
    key: z
      .object({
        id: z.string().nullable().openapi({ description: "The key's id; null when authentication is off" }),
        scope: Scope,
        registries: z
          .array(z.string())
          .nullable()
          .openapi({ description: 'The only registries the key reaches; null: every registry' }),
      })
      .openapi({ description: 'The calling key: what it may do, so a client offers only that' }),
    rateLimit: RateLimitQuota.optional(),
    idempotency: z
      .object({
        ttlSeconds: int('How long a finished request is replayed for its Idempotency-Key'),
        required: z
          .boolean()
          .openapi({ description: '`POST /v1/events` refuses a request without a key (400)' }),
      })
      .optional(),
    registration: RegistrationQuota.optional(),
    shedding: z
      .object({
        lagMs: z.number().int().openapi({
          description: 'Past this event-loop lag validation and events answer 503 `overloaded`; 0: never',
        }),
      })
      .optional(),
  })
  .openapi('Quotas');

export const AcceptedEvent = z
  .object({
    id: z.string().openapi({ description: 'The outbox id: sortable, the time of acceptance first' }),
    status: z.literal('accepted'),
    registry: RegistryName,
    schema: SchemaName,
    version: z.number().int(),
  })
  .openapi('AcceptedEvent');

/** The 422 of an event that breaks its schema. */
export const EventInvalidProblem = Problem.extend({
  code: z.literal('event_invalid'),
  errors: z.array(ValidationError),
  registry: RegistryName,
  schema: SchemaName,
  version: z.number().int(),
  deadLetterId: z
    .string()
    .optional()
    .openapi({ description: 'Where the event is kept; absent when its registry discards invalid events' }),
}).openapi('EventInvalidProblem');

export const SendEventsBatchBody = z
  .object({
    events: z.array(
      z
        .object({
          event: z.unknown().openapi({ description: 'Any JSON value' }),
          idempotencyKey: z.string().min(1).max(255).optional().openapi({
            description: "The entry's own idempotency key (else its registry's pointer, if any)",
          }),
          ...Target,
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('SendEventsBatchBody');

/** One entry's outcome: as the single event's answer would have been, with its HTTP status. */
export const BatchEventResult = z
  .object({
    status: z.enum(['accepted', 'invalid', 'refused']).openapi({
      description:
        '`accepted` (202 alone), `invalid`: breaks its schema (422 `event_invalid`), `refused`: not validated (no schema, a disabled version, a key reused with another event...)',
    }),
    httpStatus: z.number().int().openapi({ description: 'What `POST /v1/events` would have answered' }),
    id: z.string().optional(),
    registry: RegistryName.nullable(),
    schema: SchemaName.nullable(),
    version: z.number().int().nullable(),
    errors: z.array(ValidationError).optional(),
    deadLetterId: z.string().optional(),
    code: ProblemCode.optional(),
    detail: z.string().optional(),
    replayed: z
      .literal(true)
      .optional()
      .openapi({ description: 'The stored result of an earlier request with the same idempotency key' }),
  })
  .openapi('BatchEventResult');

export const SendEventsBatchResult = z
  .object({ failedCount: z.number().int(), results: z.array(BatchEventResult) })
  .openapi('SendEventsBatchResult');

export const DeadLetter = z
  .object({
    id: z.string(),
    reason: DeadLetterReason,
    registry: RegistryName,
    schema: SchemaName.nullable(),
    version: z.number().int().nullable(),
    event: z.unknown().openapi({ description: 'The event as it was received' }),
    errors: z.array(ValidationError),
    idempotencyKey: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('DeadLetter');

export const DeadLetterQuery = z.object({
  registry: RegistryName.optional(),
  schema: SchemaName.optional(),
  reason: DeadLetterReason.optional(),
});

export const ReplayDeadLettersBody = DeadLetterQuery.extend({
  cursor: z.string().max(1024).optional().openapi({ description: 'Where the previous call stopped' }),
})
  .strict()
  .openapi('ReplayDeadLettersBody');

export const ReplayDeadLettersResult = z
  .object({
    replayed: z.number().int().openapi({ description: 'Moved to the outbox' }),
    stillInvalid: z.number().int().openapi({ description: 'Kept, their errors updated' }),
    nextCursor: z
      .string()
      .optional()
      .openapi({ description: 'More dead letters match: call again with this `cursor`' }),
  })
  .openapi('ReplayDeadLettersResult');

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
