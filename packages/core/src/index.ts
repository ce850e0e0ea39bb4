export type { AnalyzeResult, SchemaAnalysis } from './analyze.ts';
export { analyzeSchema } from './analyze.ts';
export { fullJitterDelay } from './backoff.ts';
export { canonicalJson, fingerprint } from './canonical-json.ts';
export * from './compat/index.ts';
export type { CompiledValidator, ReferencedSchema } from './compile.ts';
export { compileSchema, reachedReferences } from './compile.ts';
export type { Ajv, CreateAjvOptions, StandaloneCodeOptions } from './create-ajv.ts';
export { createAjv } from './create-ajv.ts';
export { DATE_TIME_FORMAT_SOURCE } from './date-time.ts';
export type { EventScreen } from './depth.ts';
export { measureDepth, screenEvent, textNestsAtMost } from './depth.ts';
export type { Dialect, SchemaFormat, SchemaInput } from './dialect.ts';
export {
  DEFAULT_DIALECT,
  detectDialect,
  dialectOfMetaSchema,
  isOpenApiDocument,
  isPlainObject,
  META_SCHEMA_URIS,
} from './dialect.ts';
export type {
  EventRoute,
  GateRefusal,
  GateResult,
  RefusalCode,
  RouteEntry,
  RouteMatch,
  ValidationIssue,
  VersionIdentity,
} from './gate.ts';
export {
  describeRoute,
  eventRoute,
  isUsableState,
  noUsableVersion,
  outOfRangeResult,
  RouteTable,
  refusalResult,
  USABLE_VERSION_STATES,
  versionResult,
  versionStatePolicy,
} from './gate.ts';
export { escapePointerToken, pointerTokens, unescapePointerToken } from './json-pointer.ts';
export { batchEventTexts, eventText, memberText } from './json-text.ts';
export type { LruCacheOptions } from './lru-cache.ts';
export { LruCache } from './lru-cache.ts';
export { OPENAPI_EVENT_COMPONENT, OpenApiShapeError, toJsonSchema } from './openapi.ts';
export { isProvablyLinear, MAX_PATHS_PER_PREFIX } from './pattern-ambiguity.ts';
export {
  deferSecondOpinions,
  hasBoundedBacktracking,
  isBacktrackingSafe,
  MAX_BACKTRACKING_PATHS,
  MAX_BACKTRACKING_SCORE,
  MAX_NATIVE_SPAN,
  needsSecondOpinion,
  patternReach,
  recordSecondOpinion,
  schemaPatterns,
} from './pattern-safety.ts';
export type {
  AcceptedEventContext,
  PublishableEvent,
  PutEventsEntryFields,
  PutEventsEntryResult,
} from './put-events.ts';
export {
  acceptedEventEntry,
  entryTooLarge,
  eventBridgeEntry,
  forwardableEntry,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  planPutEventsBatches,
  putEventsEntrySize,
} from './put-events.ts';
export { rootSchemaId } from './references.ts';
export type { PatternMatcher } from './regex-engine.ts';
export { compilePattern, RE2JS_COMPILE_SOURCE, safeRegExp, UnsafePatternError } from './regex-engine.ts';
export * from './registry-enums.ts';
export type { RouteKeys } from './route-keys.ts';
export { extractRouteKeys } from './route-keys.ts';
export type { SchemaCompileErrorCode } from './schema-compile-error.ts';
export { SchemaCompileError } from './schema-compile-error.ts';
export type { EventSize, SchemaCost, SchemaCostLimits, SchemaCostViolation } from './schema-cost.ts';
export {
  DEFAULT_SCHEMA_COST_LIMITS,
  estimateValidationMs,
  eventSizeBound,
  measureEvent,
  measureSchemaCost,
} from './schema-cost.ts';
export type { UnstorableCode, UnstorableValue } from './storable-json.ts';
export {
  findOutOfRangeNumbers,
  findUnstorableText,
  findUnstorableValues,
  isOutOfRangeNumber,
  isStorableText,
  MAX_UNSTORABLE_FINDINGS,
  textMayHoldOutOfRangeNumber,
  unstorableRefusal,
  unstorableTextReason,
} from './storable-json.ts';
export { stripNullable } from './strip-nullable.ts';
export type { SubschemaKeyword, SubschemaKeywordTable, SubschemaShape } from './subschema-keywords.ts';
export {
  ANY_DIALECT_SUBSCHEMA_KEYWORDS,
  OPENAPI_30_SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  subschemaKeywords,
} from './subschema-keywords.ts';
export type { ValidationError } from './validation-error.ts';
export type { ValidatorCacheOptions } from './validator-cache.ts';
export { ValidatorCache, validatorKey, validatorKeyPrefix } from './validator-cache.ts';
