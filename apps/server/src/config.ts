import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'on' || v === 'yes');

const milliseconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The environment the server reads, validated once at start. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  SCHEMAGATE_DATA: z.string().default('./.schemagate/data'),
  DATABASE_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  SCHEMAGATE_AUTH: z.enum(['on', 'off']).default('on'),
  SCHEMAGATE_SEED: bool.default(true),
  SCHEMAGATE_SEED_DIR: z.string().optional(),
  SCHEMAGATE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SCHEMAGATE_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).default(10_000),
  SCHEMAGATE_BATCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  SCHEMAGATE_MAX_DEPTH: z.coerce.number().int().min(8).max(10_000).default(256),
  SCHEMAGATE_CACHE_SIZE: z.coerce.number().int().min(16).default(5000),
  SCHEMAGATE_LOG: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  // what one schema may cost, checked at registration (core's schema-cost.ts explains each)
  SCHEMAGATE_MAX_SUBSCHEMAS: z.coerce.number().int().min(100).default(20_000),
  SCHEMAGATE_MAX_EXPANDED_SUBSCHEMAS: z.coerce.number().int().min(1000).default(100_000),
  SCHEMAGATE_MAX_ENUM_VALUES: z.coerce.number().int().min(16).default(10_000),
  SCHEMAGATE_MAX_PATTERN_PROPERTIES: z.coerce.number().int().min(1).default(100),
  SCHEMAGATE_MAX_PATTERN_REPETITION: z.coerce.number().int().min(8).default(100),
  // a schema with more subschemas is compiled, and its events validated, in the work pool
  SCHEMAGATE_INLINE_COMPILE_SUBSCHEMAS: z.coerce.number().int().min(0).default(1000),
  // the most compiling a schema there may take; past it: 422 schema_too_complex
  SCHEMAGATE_COMPILE_BUDGET_MS: milliseconds(10, 60_000).default(1500),
  // the most generating a version's TypeScript bindings may take (unset: the compile budget); past it: 422
  SCHEMAGATE_BINDINGS_BUDGET_MS: milliseconds(10, 60_000).optional(),
  // a validation estimated to take longer runs in the work pool, not on the event loop
  SCHEMAGATE_VALIDATION_INLINE_MS: milliseconds(1, 1000).default(100),
  // the most one validation, or one batch, may take; past it: 422 validation_budget_exceeded
  SCHEMAGATE_VALIDATION_BUDGET_MS: milliseconds(10, 60_000).default(1000),
  // how long Postgres may keep a request waiting (see README, "When storage is down")
  SCHEMAGATE_DB_CONNECT_TIMEOUT_MS: milliseconds(100, 60_000).default(2000),
  SCHEMAGATE_DB_STATEMENT_TIMEOUT_MS: milliseconds(100, 600_000).default(10_000),
  SCHEMAGATE_DB_DEADLINE_MS: milliseconds(100, 600_000).default(5000),
  // a key checked within this many seconds is taken without asking storage again
  SCHEMAGATE_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // and while storage is down, a key checked within this many seconds is still taken (0: never)
  SCHEMAGATE_KEY_STALE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  // each key's token bucket (see README, "Limits"): requests a second (0: no limit) and the burst (default: 2 s worth)
  SCHEMAGATE_RATE_LIMIT: z.coerce.number().min(0).max(1_000_000).default(1000),
  SCHEMAGATE_RATE_BURST: z.coerce.number().int().min(1).max(10_000_000).optional(),
  // registering: a schema's JSON text (as the default body limit, so it binds once bodies may be larger), live
  // versions of one schema, registrations a key may make a minute (0: no limit)
  SCHEMAGATE_MAX_SCHEMA_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA: z.coerce.number().int().min(1).default(1000),
  SCHEMAGATE_REGISTRATIONS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  // past this event-loop lag, validation and events answer 503 overloaded and /readyz says so (0: never)
  SCHEMAGATE_SHED_LAG_MS: milliseconds(0, 60_000).default(1000),
  // the gate's Idempotency-Key records (see README, "The gate"): how long a finished request is replayed, and
  // whether /v1/events refuses a request without a key (off: producers that cannot send one still get through,
  // and a registry's idempotencyKeyPointer gives most events a key anyway)
  SCHEMAGATE_IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  SCHEMAGATE_IDEMPOTENCY_REQUIRED: bool.default(false),
  // slow and idle clients (see README, "Slow clients")
  SCHEMAGATE_HEADERS_TIMEOUT_MS: milliseconds(100, 600_000).default(10_000),
  SCHEMAGATE_REQUEST_TIMEOUT_MS: milliseconds(100, 3_600_000).default(30_000),
  SCHEMAGATE_KEEP_ALIVE_TIMEOUT_MS: milliseconds(100, 600_000).default(5000),
  // forwarding accepted events to EventBridge (see README, "Forwarding to EventBridge"); region and credentials
  // come from the AWS SDK's default chain
  SCHEMAGATE_EVENTBRIDGE_ENDPOINT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  ),
  SCHEMAGATE_EVENT_BUS: z.string().min(1).max(1600).default('default'),
  // ~20 attempts spread by the backoff below take about half an hour before an event goes to dead letters
  SCHEMAGATE_FORWARD_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  SCHEMAGATE_FORWARD_BACKOFF_BASE_MS: milliseconds(1, 60_000).default(200),
  SCHEMAGATE_FORWARD_BACKOFF_MAX_MS: milliseconds(1, 3_600_000).default(300_000),
  // a claim holds its events this long; a replica that died gives them up when it runs out
  SCHEMAGATE_FORWARD_LEASE_MS: milliseconds(1000, 3_600_000).default(30_000),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; a bad value stops the start with a message naming the variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (result.data.SCHEMAGATE_HEADERS_TIMEOUT_MS > result.data.SCHEMAGATE_REQUEST_TIMEOUT_MS) {
    throw new Error(
      'invalid configuration:\n  SCHEMAGATE_HEADERS_TIMEOUT_MS: must not be more than SCHEMAGATE_REQUEST_TIMEOUT_MS',
    );
  }
  return result.data;
}
