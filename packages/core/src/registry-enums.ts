/**
 * The closed sets of words the registry speaks, defined once: the API's enums, the database's check
 * constraints and the CLI's input checks all take them from here.
 */

/** Confluent's compatibility modes. */
export const COMPATIBILITY_MODES = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/**
 * `strict` follows Confluent Schema Registry's JSON Schema rules; `lenient` assumes producers send no
 * property their schema does not declare.
 */
export const COMPATIBILITY_POLICIES = ['strict', 'lenient'] as const;
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number];

/** How a version's document is written: JSON Schema, or EventBridge's OpenAPI 3 (`components.schemas.AWSEvent`). */
export const SCHEMA_FORMATS = ['jsonschema', 'openapi3'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

/** `deprecated` still validates, with a warning; `disabled` refuses. */
export const VERSION_STATES = ['active', 'deprecated', 'disabled'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** What an API key may do (see the server's scope grants). */
export const KEY_SCOPES = ['admin', 'write', 'validate', 'read'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** Why an event was kept aside: it broke its schema at the gate, or the forwarder gave up on it. */
export const DEAD_LETTER_REASONS = ['invalid', 'forward_failed'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** What a registry does with an event that breaks its schema: keep it in dead letters, or only refuse it. */
export const DEAD_LETTER_POLICIES = ['keep', 'discard'] as const;
export type DeadLetterPolicy = (typeof DEAD_LETTER_POLICIES)[number];

/** What each scope grants: `admin` everything, `write` also reads; `validate` and `read` only themselves. */
export const SCOPE_GRANTS: Readonly<Record<KeyScope, readonly KeyScope[]>> = {
  admin: ['admin', 'write', 'validate', 'read'],
  write: ['write', 'read'],
  validate: ['validate'],
  read: ['read'],
};
