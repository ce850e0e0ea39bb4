/**
 * One-run bench (tsx packages/codegen/bench/codegen.bench.ts):
 * 1. a generated standalone validator vs `ajv.compile` from core's createAjv on the same schema and events;
 * 2. generateBindings for 200 schemas.
 */
import { join } from 'node:path';
import { compileSchema, createAjv, fingerprint } from '@schemagate/core';
import { type BindingInput, generateBindings } from '../src/index.ts';
import { removeGenerated, writeGenerated } from '../test/generated-output.ts';
import { repositorySchemaInputs } from '../test/repository-schemas.ts';

const inputs = repositorySchemaInputs(['com.shop.orders@OrderPlaced']);
const order = inputs[0]!;
const event = {
  version: '0',
  id: '7c9f3c5e-3b1a-4c1e-9a53-3f2b1f6f0a11',
  'detail-type': 'OrderPlaced',
  source: 'com.shop.orders',
  account: '123456789012',
  time: '2026-03-01T12:00:00Z',
  region: 'eu-central-1',
  resources: [],
  detail: {
    orderId: 'ord_A1b2C3d4E5f6',
    customerId: 'cus_A1b2C3d4E5f6',
    channel: 'web',
    lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1999, currency: 'EUR' } }],
    total: { amount: 3998, currency: 'EUR' },
    shippingAddress: { recipient: 'A', line1: 'B 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  },
};

// Runtime path: core's ajv, compiled once in this process (what the server caches).
const ajv = createAjv('2020-12');
for (const reference of order.references ?? []) ajv.addSchema(reference.schema as object, reference.uri);
const compiled = ajv.compile(order.schema as object);
if (!compiled(event)) throw new Error(`bench event is invalid: ${JSON.stringify(compiled.errors)}`);

const dir = await writeGenerated('bench', (await generateBindings(inputs)).files);
const generated = (await import(join(dir, 'validators.js'))) as {
  validateOrderPlaced: (data: unknown) => boolean;
};
if (!generated.validateOrderPlaced(event)) throw new Error('generated validator refuses the bench event');

function opsPerSecond(validate: (data: unknown) => boolean): number {
  const iterations = 100_000;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) validate(event);
  return iterations / ((performance.now() - start) / 1000);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
// Both warmed, then measured in alternating rounds: the ratio is the median of each round's, so a slow spell of
// the shared machine, which drags both sides of a round, moves it less.
opsPerSecond(compiled);
opsPerSecond(generated.validateOrderPlaced);
const rounds = Array.from({ length: 7 }, () => {
  const runtimeRound = opsPerSecond(compiled);
  return { runtimeRound, standaloneRound: opsPerSecond(generated.validateOrderPlaced) };
});
const runtime = median(rounds.map((r) => r.runtimeRound));
const standalone = median(rounds.map((r) => r.standaloneRound));
const ratio = median(rounds.map((r) => r.standaloneRound / r.runtimeRound));
const compileStart = performance.now();
compileSchema(order, [...(order.references ?? [])]);
const compileMs = performance.now() - compileStart;
console.log(
  `validate OrderPlaced: ajv.compile ${Math.round(runtime)} ops/s, generated ${Math.round(standalone)} ops/s, ratio generated/compiled ${ratio.toFixed(2)} (medians of 7 rounds)`,
);
console.log(`compileSchema at run time (what the generated code saves): ${compileMs.toFixed(1)} ms`);
await removeGenerated('bench');

// 200 distinct schemas: envelope schemas with a varying detail.
const many: BindingInput[] = Array.from({ length: 200 }, (_, n) => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      source: { const: `com.bench.s${n % 10}` },
      'detail-type': { const: `Event${n}` },
      detail: {
        type: 'object',
        required: ['id', 'amount'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]{8}$' },
          amount: { type: 'integer', minimum: n },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
          kind: { enum: ['a', 'b', `c${n}`] },
        },
      },
    },
  };
  return {
    registry: 'bench',
    name: `com.bench.s${n % 10}@Event${n}`,
    version: 1,
    fingerprint: fingerprint(schema),
    format: 'jsonschema',
    schema,
  };
});
for (const format of [true, false]) {
  const start = performance.now();
  const { files } = await generateBindings(many, { format });
  const ms = performance.now() - start;
  const bytes = files.reduce((sum, file) => sum + file.contents.length, 0);
  console.log(
    `generateBindings, 200 schemas, format=${format}: ${Math.round(ms)} ms (${(bytes / 1024).toFixed(0)} KiB out)`,
  );
}
