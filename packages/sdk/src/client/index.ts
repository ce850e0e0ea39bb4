export { type ClientOptions, createClient, type SchemagateClient } from './client.ts';
export type * from './client-types.ts';
export { readLatestVersions } from './read-latest-versions.ts';
export { parseRetryAfter } from './retry-policy.ts';
export type { RouteBody, RouteParams, RouteQuery, RouteResponse } from './route-types.ts';
export {
  isSchemagateError,
  type ProblemDetails,
  SchemagateError,
  type SchemagateErrorCode,
  type TransportErrorCode,
} from './schemagate-error.ts';
export type { Sleep } from './transport.ts';
