import { type Context, Hono } from 'hono';
import { paginate } from './pagination.ts';
import type { SchemaStore, StoredRegistry, StoredSchema, StoredSchemaVersion } from './schema-store.ts';
import { SchemasError } from './schemas-error.ts';
import type { SchemasFaults } from './schemas-faults.ts';

const SCHEMA_PATH = '/v1/registries/name/:registry/schemas/name/:schema';

/**
 * The Schemas REST-JSON API (the subset the sync uses) over a {@link SchemaStore}. Shapes follow
 * `@aws-sdk/client-schemas`' own serde schemas: PascalCase members, `tags` in lower case,
 * timestamps as RFC 3339 strings, errors as `{Code, Message}` with `x-amzn-ErrorType`.
 */
export function createSchemasApi(store: SchemaStore, faults: SchemasFaults): Hono {
  const api = new Hono();

  api.onError((error, c) => {
    if (error instanceof SchemasError) return schemasErrorResponse(c, error);
    return schemasErrorResponse(c, new SchemasError('InternalServerErrorException', String(error)));
  });

  api.get('/v1/registries', (c) => {
    faults.admit('ListRegistries');
    const prefix = c.req.query('registryNamePrefix') ?? '';
    const all = [...store.registries.values()].filter((r) => r.name.startsWith(prefix));
    const { page, nextToken } = paginate(all, c.req.query('limit'), c.req.query('nextToken'));
    return c.json({ Registries: page.map(registrySummary), ...(nextToken ? { NextToken: nextToken } : {}) });
  });

  api.post('/v1/registries/name/:registry', async (c) => {
    faults.admit('CreateRegistry');
    const body = await readBody(c);
    const registry = store.createRegistry(c.req.param('registry'), {
      ...optionalString('description', body.Description),
      ...(isStringRecord(body.tags) ? { tags: body.tags } : {}),
    });
    return c.json(
      { ...registrySummary(registry), ...optionalString('Description', registry.description) },
      201,
    );
  });

  api.get('/v1/registries/name/:registry', (c) => {
    faults.admit('DescribeRegistry');
    const registry = store.getRegistry(c.req.param('registry'));
    return c.json({ ...registrySummary(registry), ...optionalString('Description', registry.description) });
  });

  api.get('/v1/registries/name/:registry/schemas', (c) => {
    faults.admit('ListSchemas');
    const registry = store.getRegistry(c.req.param('registry'));
    const prefix = c.req.query('schemaNamePrefix') ?? '';
    const all = [...registry.schemas.values()].filter((s) => s.name.startsWith(prefix));
    const { page, nextToken } = paginate(all, c.req.query('limit'), c.req.query('nextToken'));
    return c.json({ Schemas: page.map(schemaSummary), ...(nextToken ? { NextToken: nextToken } : {}) });
  });

  api.get(`${SCHEMA_PATH}/versions`, (c) => {
    faults.admit('ListSchemaVersions');
    const schema = store.getSchema(c.req.param('registry'), c.req.param('schema'));
    const { page, nextToken } = paginate(schema.versions, c.req.query('limit'), c.req.query('nextToken'));
    return c.json({
      SchemaVersions: page.map((v) => ({
        SchemaArn: schema.arn,
        SchemaName: schema.name,
        SchemaVersion: v.version,
        Type: v.type,
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    });
  });

  api.get(SCHEMA_PATH, (c) => {
    faults.admit('DescribeSchema');
    const registryName = c.req.param('registry');
    const schemaName = c.req.param('schema');
    const version = store.getVersion(registryName, schemaName, c.req.query('schemaVersion'));
    const schema = store.getSchema(registryName, schemaName);
    return c.json({ ...schemaVersionBody(schema, version), Content: version.content });
  });

  api.post(SCHEMA_PATH, async (c) => {
    faults.admit('CreateSchema');
    const body = await readBody(c);
    const { schema, version } = store.createSchema(c.req.param('registry'), c.req.param('schema'), {
      type: typeof body.Type === 'string' ? body.Type : '',
      content: requireString(body.Content, 'Content'),
      ...optionalString('description', body.Description),
      ...(isStringRecord(body.tags) ? { tags: body.tags } : {}),
    });
    return c.json(schemaVersionBody(schema, version), 201);
  });

  api.put(SCHEMA_PATH, async (c) => {
    faults.admit('UpdateSchema');
    const body = await readBody(c);
    const { schema, version } = store.updateSchema(c.req.param('registry'), c.req.param('schema'), {
      ...optionalString('type', body.Type),
      ...optionalString('content', body.Content),
      ...optionalString('description', body.Description),
      ...optionalString('clientTokenId', body.ClientTokenId),
    });
    return c.json(schemaVersionBody(schema, version));
  });

  api.delete(SCHEMA_PATH, (c) => {
    faults.admit('DeleteSchema');
    store.deleteSchema(c.req.param('registry'), c.req.param('schema'));
    return c.body(null, 204);
  });

  return api;
}

/** Renders a Schemas error the way the service does, so the SDK maps it to its exception class. */
export function schemasErrorResponse(c: Context, error: SchemasError): Response {
  return c.json({ Code: error.code, Message: error.message }, error.status as 400, {
    'x-amzn-ErrorType': error.code,
  });
}

function registrySummary(registry: StoredRegistry) {
  return { RegistryArn: registry.arn, RegistryName: registry.name, tags: registry.tags };
}

function schemaSummary(schema: StoredSchema) {
  return {
    LastModified: isoTimestamp(schema.lastModified),
    SchemaArn: schema.arn,
    SchemaName: schema.name,
    tags: schema.tags,
    VersionCount: schema.versions.length,
  };
}

function schemaVersionBody(schema: StoredSchema, version: StoredSchemaVersion) {
  return {
    ...optionalString('Description', schema.description),
    LastModified: isoTimestamp(schema.lastModified),
    SchemaArn: schema.arn,
    SchemaName: schema.name,
    SchemaVersion: version.version,
    tags: schema.tags,
    Type: version.type,
    VersionCreatedDate: isoTimestamp(version.createdAt),
  };
}

// The Schemas client reads body timestamps as RFC 3339 strings (it throws on epoch numbers).
function isoTimestamp(date: Date): string {
  return date.toISOString();
}

async function readBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new SchemasError('BadRequestException', 'The request body is not a JSON object.');
}

function requireString(value: unknown, member: string): string {
  if (typeof value !== 'string') throw new SchemasError('BadRequestException', `${member} is required.`);
  return value;
}

function optionalString<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
