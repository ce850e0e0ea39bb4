import { z } from '@hono/zod-openapi';
import {
  CheckCompatibilityBody,
  CompatibilityReport,
  listOf,
  PatchVersionBody,
  PutSchemaConfigBody,
  RegisterVersionBody,
  RegisterVersionResult,
  RegistryName,
  SchemaConfig,
  SchemaName,
  SchemaSummary,
  SchemaVersion,
  VersionReferences,
  VersionSummary,
} from '../models.ts';
import { defineRoute, json, jsonBody, problem } from '../route.ts';

const schemaParams = z.object({ registry: RegistryName, name: SchemaName });
const versionParams = schemaParams.extend({
  version: z
    .string()
    .regex(/^(latest|[1-9][0-9]{0,9})$/)
    .openapi({ description: 'A version number or `latest`', example: 'latest' }),
});
const numberedVersionParams = schemaParams.extend({ version: z.string().regex(/^[1-9][0-9]{0,9}$/) });
const permanentQuery = z.object({ permanent: z.enum(['true', 'false']).optional() });
const tags = ['schemas'];

export const listSchemas = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}/schemas',
  tags,
  summary: 'List the schemas of a registry',
  request: {
    params: z.object({ registry: RegistryName }),
    query: z.object({
      prefix: z.string().max(385).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      cursor: z.string().max(1024).optional(),
    }),
  },
  responses: {
    200: json(listOf(SchemaSummary), 'A page of schemas'),
    404: problem('No such registry'),
    422: problem('A `prefix` holding NUL (`unstorable_text`), or a `cursor` this listing did not give'),
  },
});

export const registerVersion = defineRoute('write', {
  method: 'post',
  path: '/v1/registries/{registry}/schemas/{name}/versions',
  tags,
  summary: 'Register a version',
  description:
    'Same content as an existing version returns that version (200). Registering into a registry that does not exist creates it, which takes an `admin` key (403 for a `write` key).',
  request: { params: schemaParams, body: jsonBody(RegisterVersionBody) },
  responses: {
    200: json(RegisterVersionResult, 'Same content as an existing version'),
    201: json(RegisterVersionResult, 'A new version'),
    409: problem('Incompatible with earlier versions; the report is in `report`'),
    413: problem(
      'The schema is larger than `registration.maxSchemaBytes` of /v1/quotas (`limit: maxSchemaBytes`)',
    ),
    422: problem(
      'Not a valid schema, or a reference cannot be resolved; `number_out_of_range` (a number past ±1.8e308, which JSON would read back as null) or `unstorable_text` (NUL or a lone surrogate), naming each pointer; `too_many_versions` past `registration.maxVersionsPerSchema` live versions',
    ),
    429: problem(
      'The key made `registration.perMinute` registrations within the last minute (`rate_limited`, with Retry-After and `RateLimit-Policy: "registrations";...`), or is over its rate limit',
    ),
  },
});

export const listVersions = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}/schemas/{name}/versions',
  tags,
  summary: 'List the versions of a schema',
  request: { params: schemaParams },
  responses: { 200: json(listOf(VersionSummary), 'The versions'), 404: problem('No such schema') },
});

export const getVersion = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}/schemas/{name}/versions/{version}',
  tags,
  summary: 'Read a version',
  request: { params: versionParams },
  responses: {
    200: json(SchemaVersion, 'The version, with an ETag'),
    304: { description: 'Not modified' },
    404: problem('No such version'),
  },
});

export const getReferences = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}/schemas/{name}/versions/{version}/references',
  tags,
  summary: 'The versions a version refers to, and those that refer to it',
  request: { params: versionParams },
  responses: { 200: json(VersionReferences, 'Both directions'), 404: problem('No such version') },
});

export const patchVersion = defineRoute('write', {
  method: 'patch',
  path: '/v1/registries/{registry}/schemas/{name}/versions/{version}',
  tags,
  summary: 'Change the state or metadata of a version',
  request: { params: numberedVersionParams, body: jsonBody(PatchVersionBody) },
  responses: {
    200: json(SchemaVersion, 'The updated version'),
    404: problem('No such version'),
    422: problem('Metadata holding `number_out_of_range` or `unstorable_text` values, naming each pointer'),
  },
});

export const deleteVersion = defineRoute('admin', {
  method: 'delete',
  path: '/v1/registries/{registry}/schemas/{name}/versions/{version}',
  tags,
  summary: 'Delete a version (soft, or permanent with ?permanent=true)',
  request: { params: numberedVersionParams, query: permanentQuery },
  responses: {
    204: { description: 'Deleted' },
    404: problem('No such version'),
    409: problem('Other versions reference it'),
  },
});

export const deleteSchema = defineRoute('admin', {
  method: 'delete',
  path: '/v1/registries/{registry}/schemas/{name}',
  tags,
  summary: 'Delete a schema and its versions (soft, or permanent with ?permanent=true)',
  request: { params: schemaParams, query: permanentQuery },
  responses: {
    204: { description: 'Deleted' },
    404: problem('No such schema'),
    409: problem('Other schemas reference one of its versions'),
  },
});

export const getSchemaConfig = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}/schemas/{name}/config',
  tags,
  summary: 'Read the compatibility settings of a schema',
  request: { params: schemaParams },
  responses: { 200: json(SchemaConfig, 'The settings in force'), 404: problem('No such schema') },
});

export const putSchemaConfig = defineRoute('write', {
  method: 'put',
  path: '/v1/registries/{registry}/schemas/{name}/config',
  tags,
  summary: 'Set the compatibility settings of a schema',
  description:
    'A `write` key may make the checks stricter. Making them weaker (dropping a direction, transitive to not, `strict` to `lenient`) takes an `admin` key (403 for a `write` key).',
  request: { params: schemaParams, body: jsonBody(PutSchemaConfigBody) },
  responses: { 200: json(SchemaConfig, 'The settings in force'), 404: problem('No such schema') },
});

export const checkCompatibility = defineRoute('read', {
  method: 'post',
  path: '/v1/registries/{registry}/schemas/{name}/compatibility',
  tags,
  summary: 'Check a candidate against the registered versions without registering it',
  request: { params: schemaParams, body: jsonBody(CheckCompatibilityBody) },
  responses: {
    200: json(CompatibilityReport, 'The report'),
    404: problem('No such schema, or no version `against` names'),
    422: problem('Not a valid schema (as at registration)'),
  },
});

export const getBindings = defineRoute('read', {
  method: 'get',
  path: '/v1/registries/{registry}/schemas/{name}/versions/{version}/bindings/typescript',
  tags,
  summary: 'TypeScript bindings (types and standalone validators) for a version',
  request: { params: versionParams },
  responses: {
    200: json(
      z
        .object({
          files: z.array(z.object({ path: z.string(), contents: z.string() })),
          runtimeDependencies: z.array(z.object({ name: z.string(), reason: z.string() })).openapi({
            description: 'The npm packages the files import at run time (e.g. `re2js`), and why',
          }),
          failures: z
            .array(
              z.object({
                registry: z.string(),
                name: z.string(),
                version: z.union([z.number().int(), z.string()]),
                code: z.string().optional(),
                reason: z.string(),
              }),
            )
            .openapi({
              description: 'What could not be generated, and why (empty when every file was written)',
            }),
        })
        .openapi('Bindings'),
      'The files `schemagate codegen` writes for this version: types, guards and standalone validators',
    ),
    404: problem('No such version'),
  },
});
