import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badOrder,
  ec2Event,
  ec2StateChange,
  goodOrder,
  orderPlacedV1,
  orderPlacedV2,
  stockAdjusted,
} from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const base = '/v1/registries/shop/schemas';

describe.each(eachDatabase())('registry and validation API ($name)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await database.create());
  });
  afterAll(() => t?.close());

  it('creates a registry, then updates it', async () => {
    const created = await t.call('PUT', '/v1/registries/shop', { json: { description: 'The shop' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'shop', compatibility: 'BACKWARD', policy: 'strict' });
    const updated = await t.call('PUT', '/v1/registries/shop', { json: { description: 'Our shop' } });
    expect(updated.status).toBe(200);
    const list = (await (await t.call('GET', '/v1/registries')).json()) as { items: { name: string }[] };
    expect(list.items.map((r) => r.name)).toContain('shop');
  });

  it('registers a version, and the same content again (in another key order) returns it', async () => {
    const first = await t.call('POST', `${base}/orders@OrderPlaced/versions`, {
      json: { schema: orderPlacedV1 },
    });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { version: number; fingerprint: string; warnings: string[] };
    expect(body).toMatchObject({ registry: 'shop', name: 'orders@OrderPlaced', version: 1, warnings: [] });
    expect(body.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(orderPlacedV1).reverse());
    const again = await t.call('POST', `${base}/orders@OrderPlaced/versions`, {
      json: { schema: reordered },
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: 1, fingerprint: body.fingerprint });
  });

  it('registers a compatible second version and lists both', async () => {
    const second = await t.call('POST', `${base}/orders@OrderPlaced/versions`, {
      json: { schema: orderPlacedV2 },
    });
    expect(second.status).toBe(201);
    expect(await second.json()).toMatchObject({ version: 2 });
    const list = (await (await t.call('GET', `${base}/orders@OrderPlaced/versions`)).json()) as {
      items: { version: number; state: string }[];
    };
    expect(list.items.map((v) => [v.version, v.state])).toEqual([
      [1, 'active'],
      [2, 'active'],
    ]);
  });

  it('reads a version with an ETag and answers 304 to a matching If-None-Match', async () => {
    const res = await t.call('GET', `${base}/orders@OrderPlaced/versions/latest`, { key: 'read' });
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const version = (await res.json()) as Record<string, unknown>;
    expect(version).toMatchObject({
      registry: 'shop',
      name: 'orders@OrderPlaced',
      version: 2,
      format: 'jsonschema',
    });
    expect(version.dialect).toBe('2020-12');
    expect(version.schema).toEqual(orderPlacedV2);
    const cached = await t.call('GET', `${base}/orders@OrderPlaced/versions/2`, {
      key: 'read',
      headers: { 'if-none-match': etag! },
    });
    expect(cached.status).toBe(304);
  });

  it('validates a good and a bad event by explicit schema', async () => {
    const good = await t.call('POST', '/v1/validate', {
      key: 'validate',
      json: { event: goodOrder, registry: 'shop', schema: 'orders@OrderPlaced' },
    });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({
      valid: true,
      registry: 'shop',
      schema: 'orders@OrderPlaced',
      version: 2,
      errors: [],
    });
    const bad = await t.call('POST', '/v1/validate', {
      key: 'validate',
      json: { event: badOrder, registry: 'shop', schema: 'orders@OrderPlaced', version: 1 },
    });
    const verdict = (await bad.json()) as {
      valid: boolean;
      version: number;
      errors: { path: string; keyword: string }[];
    };
    expect(verdict.valid).toBe(false);
    expect(verdict.version).toBe(1);
    expect(verdict.errors.map((e) => [e.path, e.keyword]).sort()).toEqual([
      ['/detail/orderId', 'pattern'],
      ['/detail/total', 'minimum'],
    ]);
  });

  it('routes by EventBridge source + detail-type, and by CloudEvents type', async () => {
    const routed = await t.call('POST', '/v1/validate', { key: 'validate', json: { event: goodOrder } });
    expect(await routed.json()).toMatchObject({ valid: true, schema: 'orders@OrderPlaced', version: 2 });
    await t.call('POST', `${base}/inventory.stock.adjusted/versions`, { json: { schema: stockAdjusted } });
    const cloudEvent = {
      specversion: '1.0',
      type: 'com.example.inventory.stock.adjusted',
      source: '/wh',
      id: '1',
      data: { sku: 'A', delta: 2 },
    };
    const ce = await t.call('POST', '/v1/validate', { key: 'validate', json: { event: cloudEvent } });
    expect(await ce.json()).toMatchObject({ valid: true, schema: 'inventory.stock.adjusted', version: 1 });
    const unknown = await t.call('POST', '/v1/validate', {
      key: 'validate',
      json: { event: { ...goodOrder, source: 'nobody' } },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'no_schema_for_event' });
  });

  it('validates any JSON value, not only objects', async () => {
    await t.call('POST', `${base}/numbers.positive/versions`, {
      json: { schema: { type: 'number', exclusiveMinimum: 0 } },
    });
    for (const [event, valid] of [
      [3, true],
      [-1, false],
      ['x', false],
      [null, false],
      [[1], false],
    ] as const) {
      const res = await t.call('POST', '/v1/validate', {
        key: 'validate',
        json: { event, registry: 'shop', schema: 'numbers.positive' },
      });
      expect((await res.json()) as { valid: boolean }, JSON.stringify(event)).toMatchObject({ valid });
    }
  });

  it('validates a batch, answering in request order', async () => {
    const events = [
      goodOrder,
      badOrder,
      { specversion: '1.0', type: 'com.example.inventory.stock.adjusted', data: {} },
      42,
    ];
    const res = await t.call('POST', '/v1/validate/batch', { key: 'validate', json: { events } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      failedCount: number;
      results: { valid: boolean; schema: string | null; errors: { keyword: string }[] }[];
    };
    expect(body.failedCount).toBe(3);
    expect(body.results.map((r) => [r.valid, r.schema])).toEqual([
      [true, 'orders@OrderPlaced'],
      [false, 'orders@OrderPlaced'],
      [false, 'inventory.stock.adjusted'],
      [false, null],
    ]);
    expect(body.results[3]!.errors[0]!.keyword).toBe('no_schema_for_event');
    const quotas = (await (await t.call('GET', '/v1/quotas', { key: 'read' })).json()) as {
      batch: { maxEvents: number; maxBytes: number };
    };
    expect(quotas.batch.maxEvents).toBeGreaterThan(0);
    expect(quotas.batch.maxBytes).toBeGreaterThan(0);
  });

  it('registers and validates an EventBridge OpenAPI 3 schema', async () => {
    const res = await t.call(
      'POST',
      '/v1/registries/aws.events/schemas/aws.ec2@EC2InstanceStateChangeNotification/versions',
      {
        json: { schema: ec2StateChange },
      },
    );
    expect(res.status).toBe(201);
    const read = (await (
      await t.call(
        'GET',
        '/v1/registries/aws.events/schemas/aws.ec2@EC2InstanceStateChangeNotification/versions/1',
      )
    ).json()) as { format: string };
    expect(read.format).toBe('openapi3');
    const good = await t.call('POST', '/v1/validate', { key: 'validate', json: { event: ec2Event } });
    expect(await good.json()).toMatchObject({ valid: true, registry: 'aws.events', version: 1 });
    const broken = { ...ec2Event, detail: { 'instance-id': 'i-0abcd1234', state: 'exploded' } };
    const bad = (await (
      await t.call('POST', '/v1/validate', { key: 'validate', json: { event: broken } })
    ).json()) as {
      valid: boolean;
      errors: { path: string; keyword: string }[];
    };
    expect(bad.valid).toBe(false);
    expect(bad.errors).toContainEqual(expect.objectContaining({ path: '/detail/state', keyword: 'enum' }));
  });

  it('deprecates (warns) and disables (refuses) versions', async () => {
    expect(
      (await t.call('PATCH', `${base}/orders@OrderPlaced/versions/2`, { json: { state: 'deprecated' } }))
        .status,
    ).toBe(200);
    const warned = (await (
      await t.call('POST', '/v1/validate', { key: 'validate', json: { event: goodOrder } })
    ).json()) as {
      version: number;
      warnings: string[];
    };
    expect(warned.version).toBe(2);
    expect(warned.warnings[0]).toMatch(/deprecated/);
    await t.call('PATCH', `${base}/orders@OrderPlaced/versions/2`, { json: { state: 'disabled' } });
    const fallback = (await (
      await t.call('POST', '/v1/validate', { key: 'validate', json: { event: goodOrder } })
    ).json()) as { version: number };
    expect(fallback.version).toBe(1);
    const explicit = await t.call('POST', '/v1/validate', {
      key: 'validate',
      json: { event: goodOrder, registry: 'shop', schema: 'orders@OrderPlaced', version: 2 },
    });
    expect(explicit.status).toBe(422);
    expect(await explicit.json()).toMatchObject({ code: 'version_disabled' });
    await t.call('PATCH', `${base}/orders@OrderPlaced/versions/2`, {
      json: { state: 'active', metadata: { owner: 'orders-team' } },
    });
    const read = (await (await t.call('GET', `${base}/orders@OrderPlaced/versions/2`)).json()) as {
      state: string;
      metadata: unknown;
    };
    expect(read).toMatchObject({ state: 'active', metadata: { owner: 'orders-team' } });
  });

  it('resolves an absolute $ref against a registered $id, and refuses to delete what is referenced', async () => {
    const money = {
      $id: 'https://example.test/common/money.json',
      type: 'object',
      required: ['amount', 'currency'],
      properties: { amount: { type: 'integer' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
    };
    expect((await t.call('POST', `${base}/common.Money/versions`, { json: { schema: money } })).status).toBe(
      201,
    );
    const refund = {
      type: 'object',
      properties: { amount: { $ref: 'https://example.test/common/money.json' } },
    };
    expect(
      (await t.call('POST', `${base}/payments.Refund/versions`, { json: { schema: refund } })).status,
    ).toBe(201);
    const check = async (amount: unknown) =>
      (
        (await (
          await t.call('POST', '/v1/validate', {
            key: 'validate',
            json: { registry: 'shop', schema: 'payments.Refund', event: { amount } },
          })
        ).json()) as { valid: boolean }
      ).valid;
    expect(await check({ amount: 5, currency: 'EUR' })).toBe(true);
    expect(await check({ amount: 5, currency: 'eur' })).toBe(false);
    const refused = await t.call('DELETE', `${base}/common.Money/versions/1`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'referenced' });
  });

  it('soft-deletes and then permanently deletes a version', async () => {
    await t.call('POST', `${base}/tmp.Thing/versions`, {
      json: { schema: { type: 'string', maxLength: 9 } },
    });
    expect(
      (await t.call('POST', `${base}/tmp.Thing/versions`, { json: { schema: { type: 'string' } } })).status,
    ).toBe(201);
    expect((await t.call('DELETE', `${base}/tmp.Thing/versions/2`)).status).toBe(204);
    expect((await t.call('GET', `${base}/tmp.Thing/versions/2`)).status).toBe(404);
    const latest = (await (await t.call('GET', `${base}/tmp.Thing/versions/latest`)).json()) as {
      version: number;
    };
    expect(latest.version).toBe(1);
    expect((await t.call('DELETE', `${base}/tmp.Thing/versions/2?permanent=true`)).status).toBe(204);
    expect((await t.call('DELETE', `${base}/tmp.Thing?permanent=true`)).status).toBe(409);
    expect((await t.call('DELETE', `${base}/tmp.Thing`)).status).toBe(204);
    expect((await t.call('DELETE', `${base}/tmp.Thing?permanent=true`)).status).toBe(204);
    expect((await t.call('GET', `${base}/tmp.Thing/versions`)).status).toBe(404);
  });

  it('pages through schemas with limit, cursor and prefix', async () => {
    for (let i = 0; i < 5; i++) {
      await t.call('POST', `/v1/registries/paged/schemas/page.s${i}/versions`, {
        json: { schema: { type: 'integer', minimum: i } },
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '2', prefix: 'page.', ...(cursor ? { cursor } : {}) });
      const page = (await (await t.call('GET', `/v1/registries/paged/schemas?${query}`)).json()) as {
        items: { name: string }[];
        nextCursor?: string;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['page.s0', 'page.s1', 'page.s2', 'page.s3', 'page.s4']);
  });

  it('keeps the compatibility config and refuses an incompatible version with the report', async () => {
    const config = await t.call('GET', `${base}/orders@OrderPlaced/config`);
    expect(await config.json()).toEqual({ compatibility: 'BACKWARD', policy: 'strict' });
    const narrowed = structuredClone(orderPlacedV2);
    (narrowed.properties.detail.properties as Record<string, unknown>).total = {
      type: 'integer',
      minimum: 0,
    };
    const refused = await t.call('POST', `${base}/orders@OrderPlaced/versions`, {
      json: { schema: narrowed },
    });
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as {
      code: string;
      report: { compatible: boolean; changes: { breaking: boolean; witness?: unknown }[] };
    };
    expect(problem.code).toBe('incompatible');
    expect(problem.report.compatible).toBe(false);
    expect(problem.report.changes.some((c) => c.breaking)).toBe(true);
    const put = await t.call('PUT', `${base}/orders@OrderPlaced/config`, { json: { compatibility: 'NONE' } });
    expect(await put.json()).toEqual({ compatibility: 'NONE', policy: 'strict' });
    expect(
      (await t.call('POST', `${base}/orders@OrderPlaced/versions`, { json: { schema: narrowed } })).status,
    ).toBe(201);
  });

  it('checks a candidate without registering it', async () => {
    const candidate = structuredClone(orderPlacedV2);
    (candidate.properties.detail as { required: string[] }).required = ['orderId', 'total', 'note'];
    const res = await t.call('POST', `${base}/orders@OrderPlaced/compatibility`, {
      key: 'read',
      json: { schema: candidate },
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      compatible: boolean;
      mode: string;
      changes: { type: string; breaking: boolean; witness?: unknown }[];
    };
    expect(report.mode).toBe('NONE');
    expect(report.compatible).toBe(true);
    await t.call('PUT', `${base}/orders@OrderPlaced/config`, { json: { compatibility: 'BACKWARD' } });
    const strict = (await (
      await t.call('POST', `${base}/orders@OrderPlaced/compatibility`, {
        key: 'read',
        json: { schema: candidate },
      })
    ).json()) as typeof report;
    expect(strict.compatible).toBe(false);
    const breaking = strict.changes.filter((c) => c.breaking);
    expect(breaking.map((c) => c.type)).toContain('REQUIRED_ATTRIBUTE_ADDED');
    expect(breaking.some((c) => c.witness !== undefined)).toBe(true);
    const versions = (await (await t.call('GET', `${base}/orders@OrderPlaced/versions`)).json()) as {
      items: unknown[];
    };
    expect(versions.items).toHaveLength(3);
  });

  it('warns about unknown formats and keeps vendor keywords as annotations', async () => {
    const schema = {
      type: 'object',
      markdownDescription: '**an order**',
      'x-owner': 'team-a',
      deprecationMessage: 'use v2',
      properties: { sku: { type: 'string', format: 'shop-sku' } },
    };
    const res = await t.call('POST', `${base}/vendor.Keywords/versions`, { json: { schema } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { warnings: string[] };
    expect(body.warnings.join('\n')).toMatch(/shop-sku/);
    const verdict = await t.call('POST', '/v1/validate', {
      key: 'validate',
      json: { registry: 'shop', schema: 'vendor.Keywords', event: { sku: 'anything' } },
    });
    expect(await verdict.json()).toMatchObject({ valid: true });
  });

  it('serves TypeScript bindings for a version', async () => {
    const res = await t.call('GET', `${base}/orders@OrderPlaced/versions/1/bindings/typescript`, {
      key: 'read',
    });
    expect(res.status).toBe(200);
    const { files, runtimeDependencies, failures } = (await res.json()) as {
      files: { path: string; contents: string }[];
      runtimeDependencies: unknown[];
      failures: unknown[];
    };
    const index = files.find((f) => f.path === 'index.ts');
    expect(index?.contents).toMatch(/orders@OrderPlaced/);
    expect(index?.contents).toMatch(/export function isOrderPlaced/);
    // declared in the API: what the files need at run time (nothing for this contract) and what failed (nothing)
    expect(runtimeDependencies).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('validates against a version registered here without compiling its schema again', async () => {
    const compiles = async () => {
      const text = await (await t.call('GET', '/metrics', { key: 'read' })).text();
      return Number(/^schemagate_validator_compiles_total (\d+)/m.exec(text)?.[1]);
    };
    const before = await compiles();
    const schema = {
      type: 'object',
      required: ['source', 'detail-type'],
      properties: { source: { const: 'com.example.compile-once' }, 'detail-type': { const: 'Compiled' } },
    };
    expect((await t.call('POST', `${base}/compile-once/versions`, { json: { schema } })).status).toBe(201);
    const res = await t.call('POST', '/v1/validate', {
      json: { event: { source: 'com.example.compile-once', 'detail-type': 'Compiled' } },
      key: 'validate',
    });
    expect(await res.json()).toMatchObject({ valid: true, schema: 'compile-once', version: 1 });
    expect(await compiles()).toBe(before);
  });

  it('exposes metrics and an OpenAPI document of every route', async () => {
    const metrics = await (await t.call('GET', '/metrics', { key: 'read' })).text();
    expect(metrics).toMatch(
      /schemagate_validations_total\{registry="shop",schema="orders@OrderPlaced",result="valid"\} \d+/,
    );
    expect(metrics).toMatch(/schemagate_http_requests_total/);
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/validate',
        '/v1/validate/batch',
        '/v1/registries/{registry}/schemas/{name}/versions',
      ]),
    );
  });
});
