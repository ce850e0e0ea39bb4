import type {
  deadLettersRoutes,
  keysRoutes,
  registriesRoutes,
  schemasRoutes,
  validationRoutes,
} from '@schemagate/api';
import type { RouteBody, RouteParams, RouteQuery, RouteResponse } from './route-types.ts';

type Registries = typeof registriesRoutes;
type Schemas = typeof schemasRoutes;
type Validation = typeof validationRoutes;
type DeadLetters = typeof deadLettersRoutes;
type Keys = typeof keysRoutes;

// Every type below is read off the server's route declarations; none is written by hand.
export type RegistryName = RouteParams<Registries['getRegistry']>['registry'];
export type SchemaName = RouteParams<Schemas['getVersion']>['name'];
export type Registry = RouteResponse<Registries['getRegistry']>;
export type RegistryList = RouteResponse<Registries['listRegistries']>;
export type PutRegistryInput = RouteBody<Registries['putRegistry']>;
export type ListSchemasQuery = RouteQuery<Schemas['listSchemas']>;
export type SchemaList = RouteResponse<Schemas['listSchemas']>;
export type SchemaSummary = SchemaList['items'][number];
export type RegisterVersionInput = RouteBody<Schemas['registerVersion']>;
export type RegisterVersionResult = RouteResponse<Schemas['registerVersion'], 201>;
export type VersionList = RouteResponse<Schemas['listVersions']>;
export type SchemaVersion = RouteResponse<Schemas['getVersion']>;
export type PatchVersionInput = RouteBody<Schemas['patchVersion']>;
export type SchemaConfig = RouteResponse<Schemas['getSchemaConfig']>;
export type PutSchemaConfigInput = RouteBody<Schemas['putSchemaConfig']>;
export type CheckCompatibilityInput = RouteBody<Schemas['checkCompatibility']>;
export type CompatibilityReport = RouteResponse<Schemas['checkCompatibility']>;
export type ValidateInput = RouteBody<Validation['validate']>;
export type ValidateResult = RouteResponse<Validation['validate']>;
export type ValidateBatchInput = RouteBody<Validation['validateBatch']>;
export type ValidateBatchResult = RouteResponse<Validation['validateBatch']>;
export type Quotas = RouteResponse<Validation['getQuotas']>;
export type ListDeadLettersQuery = RouteQuery<DeadLetters['listDeadLetters']>;
export type DeadLetterList = RouteResponse<DeadLetters['listDeadLetters']>;
export type DeadLetter = DeadLetterList['items'][number];
export type ReplayedDeadLetter = RouteResponse<DeadLetters['replayDeadLetter'], 202>;
export type ReplayDeadLettersInput = RouteBody<DeadLetters['replayDeadLetters']>;
export type ReplayDeadLettersResult = RouteResponse<DeadLetters['replayDeadLetters']>;
export type Bindings = RouteResponse<Schemas['getBindings']>;
export type CreateKeyInput = RouteBody<Keys['createKey']>;
export type CreatedKey = RouteResponse<Keys['createKey'], 201>;
export type ListKeysQuery = RouteQuery<Keys['listKeys']>;
export type KeyList = RouteResponse<Keys['listKeys']>;
export type ApiKeyInfo = KeyList['items'][number];

/** A version number or `latest`; numbers are sent as the path segment the route declares. */
export type VersionRef = number | 'latest';

/** A read that came back with content. */
export interface FreshVersion {
  notModified: false;
  etag: string | undefined;
  version: SchemaVersion;
}

/** A conditional read: either the content or "your copy (etag) is still current". */
export type VersionRead = FreshVersion | { notModified: true; etag: string | undefined };

export interface CallOptions {
  signal?: AbortSignal;
}
