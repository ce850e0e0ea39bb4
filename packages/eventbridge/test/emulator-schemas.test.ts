import {
  BadRequestException,
  ConflictException,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteSchemaCommand,
  DescribeRegistryCommand,
  DescribeSchemaCommand,
  ListRegistriesCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  NotFoundException,
  paginateListSchemas,
  type SchemasClient,
  TooManyRequestsException,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/emulator/start-emulator.ts';
import { createSchemasClient } from '../src/sync/eventbridge-schemas.ts';

describe('emulated Schemas API, driven by the real @aws-sdk/client-schemas', () => {
  let emulator: RunningEmulator;
  let client: SchemasClient;
  beforeEach(async () => {
    emulator = await startEmulator();
    client = createSchemasClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await client.send(new CreateRegistryCommand({ RegistryName: 'shop', Description: 'orders' }));
  });
  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  it('creates, describes and lists registries', async () => {
    const described = await client.send(new DescribeRegistryCommand({ RegistryName: 'shop' }));
    expect(described).toMatchObject({
      RegistryName: 'shop',
      Description: 'orders',
      RegistryArn: expect.stringMatching(/:registry\/shop$/),
    });
    await expect(client.send(new CreateRegistryCommand({ RegistryName: 'shop' }))).rejects.toBeInstanceOf(
      ConflictException,
    );
    const listed = await client.send(new ListRegistriesCommand({}));
    expect(listed.Registries?.map((r) => r.RegistryName)).toEqual(['shop']);
  });

  it('creates a schema, adds versions, and describes the latest or a given version', async () => {
    const created = await client.send(
      new CreateSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'shop@OrderPlaced',
        Type: 'JSONSchemaDraft4',
        Content: '{"type":"object"}',
      }),
    );
    expect(created).toMatchObject({
      SchemaVersion: '1',
      Type: 'JSONSchemaDraft4',
      $metadata: { httpStatusCode: 201 },
    });
    expect(created.VersionCreatedDate).toBeInstanceOf(Date);
    await client.send(
      new UpdateSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'shop@OrderPlaced',
        Type: 'JSONSchemaDraft4',
        Content: '{"type":"string"}',
      }),
    );
    const latest = await client.send(
      new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'shop@OrderPlaced' }),
    );
    expect(latest).toMatchObject({ SchemaVersion: '2', Content: '{"type":"string"}' });
    const first = await client.send(
      new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'shop@OrderPlaced', SchemaVersion: '1' }),
    );
    expect(first.Content).toBe('{"type":"object"}');
    const versions = await client.send(
      new ListSchemaVersionsCommand({ RegistryName: 'shop', SchemaName: 'shop@OrderPlaced' }),
    );
    expect(versions.SchemaVersions?.map((v) => v.SchemaVersion)).toEqual(['1', '2']);
  });

  it('creates one version for UpdateSchema calls that repeat a ClientTokenId', async () => {
    await client.send(
      new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'A', Type: 'OpenApi3', Content: '{}' }),
    );
    const update = () =>
      client.send(
        new UpdateSchemaCommand({
          RegistryName: 'shop',
          SchemaName: 'A',
          Type: 'OpenApi3',
          Content: '{"a":1}',
          ClientTokenId: 'f3b1c2d4-0000-4000-8000-000000000001',
        }),
      );
    const first = await update();
    const retried = await update();
    expect(retried.SchemaVersion).toBe(first.SchemaVersion);
    expect(emulator.state.store.getSchema('shop', 'A').versions).toHaveLength(2);
  });

  it('enforces EventBridge content rules with BadRequestException', async () => {
    const create = (Type: string, Content: string) =>
      client.send(
        new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'B', Type: Type as 'OpenApi3', Content }),
      );
    await expect(create('JSONSchemaDraft7', '{}')).rejects.toBeInstanceOf(BadRequestException);
    await expect(create('OpenApi3', 'not json')).rejects.toBeInstanceOf(BadRequestException);
    const tooLong = JSON.stringify({ description: 'x'.repeat(100_000) });
    const error = await create('OpenApi3', tooLong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).$metadata.httpStatusCode).toBe(400);
    expect((error as BadRequestException).message).toMatch(/limit is 100000/);
    await expect(create('OpenApi3', JSON.stringify({ d: 'x'.repeat(99_900) }))).resolves.toMatchObject({
      SchemaVersion: '1',
    });
  });

  it('answers NotFound (404) and Conflict (409) with the SDK exception classes and {Code, Message}', async () => {
    const missing = await client
      .send(new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'nope' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundException);
    expect((missing as NotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((missing as NotFoundException).Code).toBe('NotFoundException');
    await expect(client.send(new ListSchemasCommand({ RegistryName: 'no-registry' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await client.send(
      new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'C', Type: 'OpenApi3', Content: '{}' }),
    );
    await expect(
      client.send(
        new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'C', Type: 'OpenApi3', Content: '{}' }),
      ),
    ).rejects.toBeInstanceOf(ConflictException);
    await client.send(new DeleteSchemaCommand({ RegistryName: 'shop', SchemaName: 'C' }));
    await expect(
      client.send(new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'C' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    const raw = await fetch(`${emulator.url}/v1/registries/name/shop/schemas/name/nope`);
    expect(raw.status).toBe(404);
    expect(raw.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(await raw.json()).toEqual({
      Code: 'NotFoundException',
      Message: 'Schema nope does not exist in shop.',
    });
  });

  it('pages ListSchemas with Limit and NextToken, and rejects a forged token', async () => {
    for (let i = 0; i < 25; i++)
      emulator.state.store.seedVersion('shop', `S${String(i).padStart(2, '0')}`, 'OpenApi3', '{}');
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListSchemas({ client, pageSize: 10 }, { RegistryName: 'shop' })) {
      pages += 1;
      names.push(...(page.Schemas ?? []).map((s) => s.SchemaName ?? ''));
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    await expect(
      client.send(new ListSchemasCommand({ RegistryName: 'shop', NextToken: 'forged' })),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  it('throttles the next N calls with 429 and counts every call', async () => {
    emulator.inject.schemas.throttleNext(2, { operations: ['ListSchemas'] });
    const error = await client
      .send(new ListSchemasCommand({ RegistryName: 'shop' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect((error as TooManyRequestsException).$metadata.httpStatusCode).toBe(429);
    await expect(client.send(new DescribeRegistryCommand({ RegistryName: 'shop' }))).resolves.toBeDefined();
    await expect(client.send(new ListSchemasCommand({ RegistryName: 'shop' }))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
    await expect(client.send(new ListSchemasCommand({ RegistryName: 'shop' }))).resolves.toBeDefined();
    expect(emulator.state.callCount('ListSchemas')).toBe(3);
  });

  it('fails every call after K successful ones until cleared', async () => {
    emulator.inject.schemas.failAfter(2);
    await client.send(new DescribeRegistryCommand({ RegistryName: 'shop' }));
    await client.send(new DescribeRegistryCommand({ RegistryName: 'shop' }));
    const error = await client
      .send(new DescribeRegistryCommand({ RegistryName: 'shop' }))
      .catch((e: unknown) => e);
    expect((error as { name: string }).name).toBe('InternalServerErrorException');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(500);
    emulator.inject.schemas.clear();
    await expect(client.send(new DescribeRegistryCommand({ RegistryName: 'shop' }))).resolves.toBeDefined();
  });
});
