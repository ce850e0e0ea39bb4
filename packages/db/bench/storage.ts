/**
 * Storage figures: how long a test database takes to create, and how many versions per second registration
 * stores, into one schema (serialised on its row lock) and spread over many schemas (not serialised).
 *
 *   pnpm --filter @schemagate/db bench            PGlite only
 *   DATABASE_URL=postgres://... pnpm --filter @schemagate/db bench
 */
import { createHash } from 'node:crypto';
import { createRegistryStore, type DatabaseHandle, type NewVersion } from '../src/index.ts';
import { eachDatabase } from '../src/testing.ts';

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 400);
const CONCURRENCY = 8;

/** A schema about the size of a real event contract (~1.5 kB), distinct per `n`. */
function contract(n: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++)
    properties[`field${i}`] = { type: 'string', maxLength: 100 + i, description: 'x' };
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties, 'x-n': n };
}

function registration(name: string, n: number): NewVersion {
  const content = contract(n);
  return {
    registry: 'bench',
    name,
    format: 'jsonschema',
    dialect: '2020-12',
    fingerprint: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
    content,
    routeKeys: { source: 'bench', detailType: name },
    references: [],
  };
}

/** Runs `count` tasks, at most `concurrency` at a time; answers versions per second. */
async function throughput(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return Math.round(count / ((performance.now() - started) / 1000));
}

for (const database of eachDatabase()) {
  const createTimes: number[] = [];
  let handle: DatabaseHandle | undefined;
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    const created = await database.create();
    createTimes.push(Math.round(performance.now() - started));
    if (handle) await created.close();
    else handle = created;
  }
  const store = createRegistryStore(handle!.db);
  const oneSchema = await throughput(REGISTRATIONS, CONCURRENCY, (i) =>
    store.registerVersion(registration('one', i)),
  );
  const manySchemas = await throughput(REGISTRATIONS, CONCURRENCY, (i) =>
    store.registerVersion(registration(`many${i % 50}`, i)),
  );
  // what the server does: a compatibility check that is handed every earlier version
  const oneSchemaChecked = await throughput(REGISTRATIONS, CONCURRENCY, (i) =>
    store.registerVersion({
      ...registration('checked', i),
      beforeInsert: async ({ previous }) => {
        if (previous.length !== 0 && previous.at(-1)!.version < 1) throw new Error('unreachable');
      },
    }),
  );
  const sequential = await throughput(REGISTRATIONS / 4, 1, (i) =>
    store.registerVersion(registration('seq', i)),
  );
  const versions = await store.listVersions('bench', 'one');
  await handle!.close();
  console.log(
    JSON.stringify({
      database: database.name,
      createMs: createTimes,
      registrations: REGISTRATIONS,
      concurrency: CONCURRENCY,
      versionsPerSecond: { oneSchema, oneSchemaChecked, manySchemas, sequential },
      oneSchemaVersions: versions.length,
    }),
  );
}
