import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPlacedV1, orderPlacedV2 } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const schema = '/v1/registries/shop/schemas/orders@OrderPlaced';

interface Report {
  compatible: boolean;
  mode: string;
  changes: Array<{ breaking: boolean; witness?: unknown; version?: number }>;
}

// the console's diff view reports what changed between two registered versions with `against`
describe.each(eachDatabase())('a compatibility check against one version ($name)', (database) => {
  let t: TestApp;
  const check = async (json: Record<string, unknown>) => {
    const res = await t.call('POST', `${schema}/compatibility`, { json });
    return { status: res.status, body: (await res.json()) as Report & { code?: string; detail?: string } };
  };

  beforeAll(async () => {
    t = await startTestApp(await database.create());
    for (const content of [orderPlacedV1, orderPlacedV2]) {
      expect((await t.call('POST', `${schema}/versions`, { json: { schema: content } })).status).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('compares with that version only, in the directions of the mode', async () => {
    // v1 allows a shorter note than v2: read as the newer schema, v2's events may break it
    const againstV2 = await check({ schema: orderPlacedV1, against: 2 });
    expect(againstV2.status).toBe(200);
    expect(againstV2.body.compatible).toBe(false);
    expect(againstV2.body.mode).toBe('BACKWARD');
    const breaking = againstV2.body.changes.filter((c) => c.breaking);
    expect(breaking.length).toBeGreaterThan(0);
    expect(breaking.every((c) => c.version === 2 && c.witness !== undefined)).toBe(true);

    // the same content as version 1 is no change at all, though the mode alone would compare with v2
    expect((await check({ schema: orderPlacedV1, against: 1 })).body).toMatchObject({
      compatible: true,
      changes: [],
    });
    expect((await check({ schema: orderPlacedV1 })).body.compatible).toBe(false);
  });

  it('answers 404 naming a version that does not exist, and 422 naming `against` for one that is not a number', async () => {
    const missing = await check({ schema: orderPlacedV1, against: 9 });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('No version 9 of shop/orders@OrderPlaced');
    const notNumber = await check({ schema: orderPlacedV1, against: 'latest' });
    expect(notNumber.status).toBe(422);
    expect(JSON.stringify(notNumber.body)).toContain('against');
  });
});
