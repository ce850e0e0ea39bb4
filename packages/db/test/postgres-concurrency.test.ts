import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistryStore,
  type DatabaseHandle,
  migrate,
  openDatabase,
  readMigrations,
  StoreError,
} from '../src/index.ts';
import { newVersion } from './new-version.ts';

/** Races that need several connections: PGlite has one, so these run on real Postgres only. */
describe.runIf(process.env.DATABASE_URL)('on Postgres, with several replicas', () => {
  const url = process.env.DATABASE_URL ?? '';
  const name = `sg_test_${randomBytes(6).toString('hex')}`;
  const target = () => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  const replicas: DatabaseHandle[] = [];
  beforeAll(async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    for (let i = 0; i < 4; i++) replicas.push(await openDatabase({ url: target(), maxConnections: 5 }));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((h) => h.close()));
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('applies migrations once when four replicas start together', async () => {
    const results = await Promise.all(replicas.map((h) => migrate(h.db)));
    const tags = (await readMigrations()).map((m) => m.tag);
    expect(tags.length).toBeGreaterThan(1);
    // one replica applied every migration, in journal order; the others waited and found nothing to do
    expect(results.flatMap((r) => r.applied)).toEqual(tags);
    expect(results.filter((r) => r.applied.length === 0)).toHaveLength(3);
    const check = postgres(target(), { max: 1, onnotice: () => {} });
    const recorded = await check`select tag from schemagate_migrations order by tag`;
    await check.end();
    expect(recorded.map((r) => r.tag)).toEqual(tags);
  });

  it('numbers 50 registrations from four replicas into one schema 1..50', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createRegistryStore(replicas[i % 4]!.db).registerVersion(newVersion('race', 'one', i)),
      ),
    );
    expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('lets a registration into another schema pass one that holds its schema lock', async () => {
    const store = createRegistryStore(replicas[0]!.db);
    // a registry's first registration holds its (uncommitted) row until it commits: create it up front
    await store.putRegistry('lock', {});
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const held = store.registerVersion(
      newVersion('lock', 'a', 1, {
        beforeInsert: async () => {
          entered();
          await gate;
        },
      }),
    );
    await holding;
    // another schema goes through while schema a is locked ...
    const other = await createRegistryStore(replicas[1]!.db).registerVersion(newVersion('lock', 'b', 1));
    expect(other.version.version).toBe(1);
    // ... and the same schema waits for it
    let sameDone = false;
    const same = createRegistryStore(replicas[2]!.db)
      .registerVersion(newVersion('lock', 'a', 2))
      .then((r) => {
        sameDone = true;
        return r;
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sameDone).toBe(false);
    release();
    expect((await held).version.version).toBe(1);
    expect((await same).version.version).toBe(2);
  });

  it('runs 50 registrations into 50 schemas side by side, not one after another', async () => {
    const pool = await openDatabase({ url: target(), maxConnections: 10 });
    try {
      const store = createRegistryStore(pool.db);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.registerVersion(
            newVersion('wide', `s${i}`, i, {
              beforeInsert: () => new Promise((resolve) => setTimeout(resolve, 100)),
            }),
          ),
        ),
      );
      // ten connections: about five rounds of 100 ms; one lock for all would take 5 s
      expect(performance.now() - started).toBeLessThan(2500);
      expect((await store.listSchemas('wide', { limit: 100 })).items).toHaveLength(50);
    } finally {
      await pool.close();
    }
  });

  it('never leaves a live reference to a deleted version when a delete races a registration', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const store = createRegistryStore(replicas[i % 4]!.db);
        await store.registerVersion(newVersion('refrace', `money${i}`, i));
        const [deleted, registered] = await Promise.allSettled([
          createRegistryStore(replicas[(i + 1) % 4]!.db).deleteVersion('refrace', `money${i}`, 1, false),
          createRegistryStore(replicas[(i + 2) % 4]!.db).registerVersion(
            newVersion('refrace', `order${i}`, i, {
              references: [{ registry: 'refrace', name: `money${i}`, version: 1 }],
            }),
          ),
        ]);
        return { i, deleted, registered };
      }),
    );
    const store = createRegistryStore(replicas[0]!.db);
    for (const { i, deleted, registered } of outcomes) {
      // exactly one side wins, and the loser says why
      expect([deleted.status, registered.status].sort()).toEqual(['fulfilled', 'rejected']);
      const loser =
        deleted.status === 'rejected' ? deleted.reason : (registered as PromiseRejectedResult).reason;
      expect(loser).toBeInstanceOf(StoreError);
      const moneyLive = (await store.getVersion('refrace', `money${i}`, 1)) !== undefined;
      const orderLive = (await store.getVersion('refrace', `order${i}`, 1)) !== undefined;
      expect(moneyLive).toBe(orderLive);
    }
  });

  it('delivers a notification from one replica to the others', async () => {
    const got: string[][] = [[], []];
    const stops = await Promise.all(
      [replicas[0]!, replicas[1]!].map((h, i) => h.listen('sg_cache', (payload) => got[i]!.push(payload))),
    );
    await replicas[2]!.notify('sg_cache', 'default/orders/3');
    for (let i = 0; i < 50 && got.some((g) => g.length === 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    await Promise.all(stops.map((stop) => stop()));
    expect(got).toEqual([['default/orders/3'], ['default/orders/3']]);
  });
});
