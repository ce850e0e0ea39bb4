/**
 * The EventBridge sync end to end: the real sync engine, the real `@aws-sdk/client-schemas` client on the
 * emulator, and `createHttpRegistryPort` over the SDK client on a real `startServer`. Everything the tests
 * check on the schemagate side is read back through its HTTP API.
 */
import { type EventBridgeLink, readLink } from '@schemagate/eventbridge';
import type { Registry, SchemaList, SchemaVersion, ValidateResult, VersionList } from '@schemagate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ec2RunningEvent,
  ec2StateChangeSchema,
  ec2StateChangeSchemaV1,
  s3ObjectCreatedSchema,
} from '../../test/sync.aws-events.ts';
import { type SyncWorld, startSyncWorld } from '../../test/sync.harness.ts';

const EC2 = 'aws.ec2@EC2InstanceStateChangeNotification';
const S3 = 'aws.s3@ObjectCreated';
const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** A draft-04 schema with no `$schema`, as EventBridge stores `JSONSchemaDraft4` content. */
const bareDraft04 = (n: number) => ({
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' },
    [`field${n}`]: { type: 'integer', minimum: n, exclusiveMinimum: true },
  },
});

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
}, 30_000);
afterAll(async () => {
  await world?.close();
});

const versionsOf = async (registry: string, name: string) => {
  const answer = await world.http<VersionList>(
    'GET',
    `/v1/registries/${registry}/schemas/${encodeURIComponent(name)}/versions`,
  );
  expect(answer.status).toBe(200);
  return answer.body.items;
};
/** The EventBridge link the sync recorded on each version (`metadata.eventbridge`). */
const linksOf = async (registry: string, name: string): Promise<Array<EventBridgeLink | undefined>> =>
  (await versionsOf(registry, name)).map(readLink);
const readVersion = (registry: string, name: string, version: number | 'latest') =>
  world.http<SchemaVersion>(
    'GET',
    `/v1/registries/${registry}/schemas/${encodeURIComponent(name)}/versions/${version}`,
  );
const register = (registry: string, name: string, schema: unknown) =>
  world.http('POST', `/v1/registries/${registry}/schemas/${encodeURIComponent(name)}/versions`, { schema });

describe('pull from EventBridge into the real server', () => {
  // Fixed clock so the last-modified times recorded in metadata can be compared exactly.
  const times = ['2026-01-05T09:00:00.000Z', '2026-02-10T12:30:00.000Z', '2026-03-15T18:45:00.000Z'];

  beforeAll(() => {
    const store = world.emulator.state.store;
    const seedAt = (time: string, name: string, schema: unknown) => {
      store.now = () => new Date(time);
      store.seedVersion('aws.events', name, 'OpenApi3', JSON.stringify(schema));
    };
    seedAt(times[0]!, EC2, ec2StateChangeSchemaV1());
    seedAt(times[1]!, S3, s3ObjectCreatedSchema());
    seedAt(times[2]!, EC2, ec2StateChangeSchema());
    store.now = () => new Date();
  });

  it('imports every schema and version with its ARN, EventBridge version and last-modified time', async () => {
    const result = await world.sync({ registry: 'aws.events', direction: 'pull' });
    expect(result).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
      errors: [],
      conflicts: [],
      refused: [],
    });

    const registry = await world.http<Registry>('GET', '/v1/registries/aws.events');
    expect(registry.status).toBe(200);
    expect(registry.body.compatibility).toBe('NONE');
    const names = await world.http<SchemaList>('GET', '/v1/registries/aws.events/schemas');
    expect(names.body.items.map((s) => s.name).sort()).toEqual([EC2, S3]);

    const ec2 = await versionsOf('aws.events', EC2);
    expect(ec2.map((v) => [v.version, v.format])).toEqual([
      [1, 'openapi3'],
      [2, 'openapi3'],
    ]);
    const arn = `arn:aws:schemas:us-east-1:123456789012:schema/aws.events/${EC2}`;
    expect(ec2.map(readLink)).toEqual([
      {
        registry: 'aws.events',
        schemaArn: arn,
        version: '1',
        versions: ['1'],
        lastModified: times[2],
        versionCreatedDate: times[0],
        type: 'OpenApi3',
        origin: 'pull',
      },
      {
        registry: 'aws.events',
        schemaArn: arn,
        version: '2',
        versions: ['2'],
        lastModified: times[2],
        versionCreatedDate: times[2],
        type: 'OpenApi3',
        origin: 'pull',
      },
    ]);
    const latest = await readVersion('aws.events', EC2, 'latest');
    expect(latest.body).toMatchObject({ version: 2, format: 'openapi3', state: 'active' });
    expect(latest.body.schema).toEqual(ec2StateChangeSchema());
    const first = await readVersion('aws.events', EC2, 1);
    expect(first.body.schema).toEqual(ec2StateChangeSchemaV1());

    const [s3] = await linksOf('aws.events', S3);
    expect(s3).toMatchObject({ version: '1', lastModified: times[1], origin: 'pull' });
  });

  it('pulls again with list calls only when nothing changed', async () => {
    world.emulator.state.resetCalls();
    const result = await world.sync({ registry: 'aws.events', direction: 'pull' });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [], actions: [] });
    const calls = world.emulator.state;
    expect(calls.callCount('ListSchemas')).toBe(1);
    expect(calls.callCount()).toBe(calls.callCount('ListSchemas') + calls.callCount('DescribeRegistry'));
    expect((await versionsOf('aws.events', EC2)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('imports only the version EventBridge added since', async () => {
    const v3 = ec2StateChangeSchema();
    const detail = v3.components.schemas.EC2InstanceStateChangeNotification;
    if (detail) detail.properties['previous-state'] = { type: 'string' };
    world.emulator.state.store.seedVersion('aws.events', EC2, 'OpenApi3', JSON.stringify(v3));
    world.emulator.state.resetCalls();
    world.emulator.inject.schemas.throttleNext(2, { operations: ['ListSchemas'] });

    const result = await world.sync({ registry: 'aws.events', direction: 'pull' });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 1, errors: [], retries: 2 });
    expect(result.actions).toEqual([
      {
        schema: EC2,
        direction: 'pull',
        kind: 'update',
        eventbridgeVersion: '3',
        localVersion: 3,
        status: 'done',
      },
    ]);
    expect(world.emulator.state.callCount('DescribeSchema')).toBe(1);
    expect((await linksOf('aws.events', EC2)).map((link) => link?.version)).toEqual(['1', '2', '3']);
  });

  it('stores draft-04 content as draft-04 and links an EventBridge revert to the version it repeats', async () => {
    const store = world.emulator.state.store;
    store.seedVersion('legacy', 'billing@InvoiceIssued', 'JSONSchemaDraft4', JSON.stringify(bareDraft04(1)));
    store.seedVersion('legacy', 'billing@InvoiceIssued', 'JSONSchemaDraft4', JSON.stringify(bareDraft04(2)));
    store.seedVersion('legacy', 'billing@InvoiceIssued', 'JSONSchemaDraft4', JSON.stringify(bareDraft04(1)));

    const result = await world.sync({ registry: 'legacy', direction: 'pull' });
    expect(result).toMatchObject({ created: 2, updated: 1, errors: [] });
    const versions = await versionsOf('legacy', 'billing@InvoiceIssued');
    expect(versions.map((v) => [v.version, readLink(v)?.versions])).toEqual([
      [1, ['1', '3']],
      [2, ['2']],
    ]);
    const first = await readVersion('legacy', 'billing@InvoiceIssued', 1);
    expect(first.body).toMatchObject({ format: 'jsonschema', dialect: expect.stringMatching(/draft-04/) });
    expect(first.body.schema).toEqual({ $schema: DRAFT_04, ...bareDraft04(1) });

    // draft-04 boolean exclusiveMinimum is in force: 1 is not above the minimum 1
    const verdict = await world.http<ValidateResult>('POST', '/v1/validate', {
      registry: 'legacy',
      schema: 'billing@InvoiceIssued',
      version: 1,
      event: { id: 'inv-1', field1: 1 },
    });
    expect(verdict.body).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ path: '/field1' })],
    });

    world.emulator.state.resetCalls();
    const again = await world.sync({ registry: 'legacy', direction: 'pull' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(world.emulator.state.callCount('DescribeSchema')).toBe(0);
  });

  it('pulls schemas that reference each other by $id in one run, whatever order their names give', async () => {
    const store = world.emulator.state.store;
    const seed = (name: string, schema: Record<string, unknown>) =>
      store.seedVersion('linked', name, 'JSONSchemaDraft4', JSON.stringify({ $schema: DRAFT_04, ...schema }));
    seed('a@Invoice', {
      id: 'https://schemas.example/invoice.json',
      type: 'object',
      required: ['order'],
      properties: { order: { $ref: 'https://schemas.example/order.json' } },
    });
    seed('b@Order', {
      id: 'https://schemas.example/order.json',
      type: 'object',
      required: ['total'],
      properties: { total: { $ref: 'https://schemas.example/money.json' } },
    });
    seed('c@Money', { id: 'https://schemas.example/money.json', type: 'integer', minimum: 0 });

    const result = await world.sync({ registry: 'linked', direction: 'pull' });
    expect(result).toMatchObject({ created: 3, errors: [] });
    const verdict = await world.http<ValidateResult>('POST', '/v1/validate', {
      registry: 'linked',
      schema: 'a@Invoice',
      event: { order: { total: -1 } },
    });
    expect(verdict.body).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ path: '/order/total', keyword: 'minimum' })],
    });
  });

  it('follows pages on both sides: 110 schemas, then a re-pull that lists only', async () => {
    const store = world.emulator.state.store;
    const names = Array.from({ length: 110 }, (_, i) => `bulk@Event${String(i).padStart(3, '0')}`);
    for (const [i, name] of names.entries()) {
      store.seedVersion('bulk', name, 'JSONSchemaDraft4', JSON.stringify(bareDraft04(i)));
    }
    world.emulator.state.resetCalls();
    const first = await world.sync({ registry: 'bulk', direction: 'pull', pageSize: 40 });
    expect(first).toMatchObject({ created: 110, errors: [] });
    expect(world.emulator.state.callCount('ListSchemas')).toBe(3);
    const listed = await world.http<SchemaList>('GET', '/v1/registries/bulk/schemas?limit=1000');
    expect(listed.body.items.map((s) => s.name).sort()).toEqual(names);

    // the server lists 100 schemas a page: a name missed on its second page would be pulled again
    world.emulator.state.resetCalls();
    const again = await world.sync({ registry: 'bulk', direction: 'pull', pageSize: 40 });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 110, errors: [] });
    expect(world.emulator.state.callCount('ListSchemaVersions')).toBe(0);
    expect(world.emulator.state.callCount('DescribeSchema')).toBe(0);
  });

  it('keeps the compatibility rule of an existing registry, reports the refused version and resumes later', async () => {
    expect((await world.http('PUT', '/v1/registries/strict', {})).status).toBe(201);
    const store = world.emulator.state.store;
    const idAs = (type: string) => ({ type: 'object', properties: { id: { type } } });
    store.seedVersion('strict', 'team@Renamed', 'JSONSchemaDraft4', JSON.stringify(idAs('string')));
    store.seedVersion('strict', 'team@Renamed', 'JSONSchemaDraft4', JSON.stringify(idAs('integer')));

    const refused = await world.sync({ registry: 'strict', direction: 'pull' });
    expect(refused).toMatchObject({ created: 1, updated: 0 });
    expect(refused.errors).toEqual([
      { schema: 'team@Renamed', message: expect.stringMatching(/incompatible/i) },
    ]);
    expect((await linksOf('strict', 'team@Renamed')).map((link) => link?.version)).toEqual(['1']);

    const config = `/v1/registries/strict/schemas/${encodeURIComponent('team@Renamed')}/config`;
    expect((await world.http('PUT', config, { compatibility: 'NONE' })).status).toBe(200);
    world.emulator.state.resetCalls();
    const resumed = await world.sync({ registry: 'strict', direction: 'pull' });
    expect(resumed).toMatchObject({ created: 0, updated: 1, errors: [] });
    expect(world.emulator.state.callCount('DescribeSchema')).toBe(1);
    expect((await linksOf('strict', 'team@Renamed')).map((link) => link?.version)).toEqual(['1', '2']);
  });
});

// Validates against what the pull above imported: EC2 state-change version 3 is the latest.
describe('validation of events routed to pulled aws.events schemas (issue 5, item 4)', () => {
  it('finds the schema by source and detail-type and accepts a matching EC2 state-change event', async () => {
    const verdict = await world.http<ValidateResult>('POST', '/v1/validate', { event: ec2RunningEvent() });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({
      valid: true,
      registry: 'aws.events',
      schema: EC2,
      version: 3,
      errors: [],
    });
  });

  it('rejects a broken one with errors that point into the event', async () => {
    const broken = ec2RunningEvent();
    broken.detail.state = 'exploded';
    delete broken.detail['instance-id'];
    broken.account = 'not-an-account';
    broken.time = 'yesterday';
    const verdict = await world.http<ValidateResult>('POST', '/v1/validate', { event: broken });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ valid: false, registry: 'aws.events', schema: EC2, version: 3 });
    const { errors } = verdict.body;
    expect(errors.map((e) => [e.path, e.keyword]).sort()).toEqual([
      ['/account', 'pattern'],
      ['/detail/instance-id', 'required'],
      ['/detail/state', 'enum'],
      ['/time', 'format'],
    ]);
    for (const error of errors) expect(error.message.length).toBeGreaterThan(5);
  });
});

describe('push to EventBridge from the real server', () => {
  const ORDER = 'com.shop@OrderPlaced';
  const orderV1 = {
    $schema: DRAFT_2020,
    type: 'object',
    required: ['orderId', 'total'],
    properties: {
      orderId: { type: 'string' },
      total: { $ref: '#/$defs/money' },
      channel: { const: 'web' },
    },
    $defs: { money: { type: 'number', exclusiveMinimum: 0 } },
  };
  const orderV2 = { ...orderV1, properties: { ...orderV1.properties, coupon: { type: 'string' } } };

  it('sends local versions up as draft-04, links them, and sends nothing the second time', async () => {
    // lenient: adding an optional property to an open object is a compatible change
    expect((await world.http('PUT', '/v1/registries/shop', { policy: 'lenient' })).status).toBe(201);
    expect((await register('shop', ORDER, orderV1)).status).toBe(201);
    expect((await register('shop', ORDER, orderV2)).status).toBe(201);
    expect((await register('shop', 'com.shop@ObjectStored', s3ObjectCreatedSchema())).status).toBe(201);
    expect(
      (await register('shop', 'com.shop@Sketchy', { $schema: DRAFT_2020, propertyNames: { maxLength: 3 } }))
        .status,
    ).toBe(201);

    const result = await world.sync({ registry: 'shop', direction: 'push' });
    expect(result).toMatchObject({ created: 2, updated: 1, errors: [], conflicts: [] });
    expect(result.refused).toEqual([
      { schema: 'com.shop@Sketchy', version: 1, reason: expect.stringContaining('propertyNames') },
    ]);

    const remote = world.emulator.state.store.getSchema('shop', ORDER);
    expect(remote.versions.map((v) => v.type)).toEqual(['JSONSchemaDraft4', 'JSONSchemaDraft4']);
    const sent = JSON.parse(remote.versions[1]!.content);
    expect(sent).toMatchObject({
      $schema: DRAFT_04,
      properties: {
        total: { $ref: '#/definitions/money' },
        channel: { enum: ['web'] },
        coupon: { type: 'string' },
      },
      definitions: { money: { type: 'number', minimum: 0, exclusiveMinimum: true } },
    });

    expect(await linksOf('shop', ORDER)).toEqual([
      expect.objectContaining({
        version: '1',
        origin: 'push',
        schemaArn: remote.arn,
        type: 'JSONSchemaDraft4',
      }),
      expect.objectContaining({ version: '2', origin: 'push', schemaArn: remote.arn }),
    ]);
    expect(await linksOf('shop', 'com.shop@Sketchy')).toEqual([undefined]);
    const openapi = world.emulator.state.store.getVersion('shop', 'com.shop@ObjectStored');
    expect(openapi.type).toBe('OpenApi3');
    expect(JSON.parse(openapi.content)).toEqual(s3ObjectCreatedSchema());

    world.emulator.state.resetCalls();
    const again = await world.sync({ registry: 'shop', direction: 'push' });
    expect(again).toMatchObject({ created: 0, updated: 0, errors: [] });
    expect(
      world.emulator.state.callCount('CreateSchema') + world.emulator.state.callCount('UpdateSchema'),
    ).toBe(0);
    expect(world.emulator.state.store.getSchema('shop', ORDER).versions).toHaveLength(2);
  });

  it('reports a schema changed on both sides as a conflict and writes neither side', async () => {
    const orderV3 = { ...orderV2, properties: { ...orderV2.properties, note: { type: 'string' } } };
    expect((await register('shop', ORDER, orderV3)).status).toBe(201);
    world.emulator.state.store.seedVersion(
      'shop',
      ORDER,
      'JSONSchemaDraft4',
      JSON.stringify({ $schema: DRAFT_04, type: 'object', properties: { orderId: { type: 'integer' } } }),
    );
    const remoteBefore = world.emulator.state.store.getSchema('shop', ORDER).versions.map((v) => v.content);
    const localBefore = await versionsOf('shop', ORDER);

    for (const direction of ['both', 'pull', 'push'] as const) {
      const result = await world.sync({ registry: 'shop', direction });
      expect(result.conflicts).toEqual([
        {
          schema: ORDER,
          localVersions: [3],
          eventbridgeVersions: ['3'],
          reason: expect.stringContaining('both sides changed since the last sync'),
        },
      ]);
      expect(result.created + result.updated).toBe(0);
    }
    expect(world.emulator.state.store.getSchema('shop', ORDER).versions.map((v) => v.content)).toEqual(
      remoteBefore,
    );
    expect(await versionsOf('shop', ORDER)).toEqual(localBefore);
  });
});

describe('dry run against the real server', () => {
  it('returns the plan for both directions and changes nothing on either side', async () => {
    world.emulator.state.store.seedVersion(
      'team',
      'team@FromAws',
      'JSONSchemaDraft4',
      JSON.stringify(bareDraft04(1)),
    );
    world.emulator.state.store.seedVersion(
      'team',
      'team@FromAws',
      'JSONSchemaDraft4',
      JSON.stringify(bareDraft04(2)),
    );
    expect((await world.http('PUT', '/v1/registries/team', {})).status).toBe(201);
    expect((await register('team', 'team@FromUs', { $schema: DRAFT_2020, type: 'object' })).status).toBe(201);
    world.emulator.state.resetCalls();

    const result = await world.sync({ registry: 'team', direction: 'both', dryRun: true });
    expect(result).toMatchObject({ dryRun: true, created: 3, errors: [], conflicts: [] });
    expect(result.actions).toEqual([
      {
        schema: 'team@FromAws',
        direction: 'pull',
        kind: 'create',
        eventbridgeVersion: '1',
        status: 'planned',
      },
      {
        schema: 'team@FromAws',
        direction: 'pull',
        kind: 'create',
        eventbridgeVersion: '2',
        status: 'planned',
      },
      { schema: 'team@FromUs', direction: 'push', kind: 'create', localVersion: 1, status: 'planned' },
    ]);
    for (const write of ['CreateSchema', 'UpdateSchema', 'CreateRegistry']) {
      expect(world.emulator.state.callCount(write)).toBe(0);
    }
    expect((await world.http('GET', '/v1/registries/team/schemas/team@FromAws/versions')).status).toBe(404);
    expect((await versionsOf('team', 'team@FromUs'))[0]?.metadata).toEqual({});
    expect(world.emulator.state.store.getRegistry('team').schemas.has('team@FromUs')).toBe(false);
  });
});
