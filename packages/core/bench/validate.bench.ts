/**
 * Validation cost of a cached compileSchema validator against raw ajv on the same schema and event, and re2js
 * against the native RegExp on a typical pattern. Run: pnpm exec tsx packages/core/bench/validate.bench.ts
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { RE2JS } from 're2js';
import { compilePattern, compileSchema, createAjv, ValidatorCache, validatorKey } from '../src/index.ts';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'source', 'detail-type', 'time', 'detail'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    source: { const: 'com.shop.orders' },
    'detail-type': { const: 'OrderPlaced' },
    time: { type: 'string', format: 'date-time' },
    region: { type: 'string', pattern: '^[a-z]{2}-[a-z]+-\\d$' },
    detail: {
      type: 'object',
      required: ['orderId', 'customerId', 'total', 'currency', 'items'],
      properties: {
        orderId: { type: 'string', pattern: '^ord_[A-Za-z0-9]{12}$' },
        customerId: { type: 'string', minLength: 1 },
        email: { type: 'string', format: 'email' },
        total: { type: 'number', minimum: 0 },
        currency: { enum: ['EUR', 'USD', 'GBP'] },
        channel: { enum: ['web', 'app', 'store'] },
        coupon: { type: ['string', 'null'] },
        giftWrap: { type: 'boolean' },
        placedAt: { type: 'string', format: 'date-time' },
        notes: { type: 'string', maxLength: 500 },
        items: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['sku', 'quantity', 'price'],
            properties: {
              sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
              quantity: { type: 'integer', minimum: 1 },
              price: { type: 'number', minimum: 0 },
            },
          },
        },
      },
    },
  },
};
const event = {
  id: '5b4c2a32-8a8f-4e55-9d2b-0c0f2d3b9a11',
  source: 'com.shop.orders',
  'detail-type': 'OrderPlaced',
  time: '2026-11-01T10:00:00Z',
  region: 'eu-west-1',
  detail: {
    orderId: 'ord_A1b2C3d4E5f6',
    customerId: 'cus_42',
    email: 'ada@example.com',
    total: 59.9,
    currency: 'EUR',
    channel: 'web',
    coupon: null,
    giftWrap: false,
    placedAt: '2026-11-01T09:59:58Z',
    notes: 'leave at the door',
    items: [
      { sku: 'ABC-1234', quantity: 2, price: 19.95 },
      { sku: 'XYZ-0001', quantity: 1, price: 20 },
    ],
  },
};

function medianNsPerOp(run: () => void, iterations: number, rounds = 9): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) run();
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const cache = new ValidatorCache();
const key = validatorKey('default', 'com.shop.orders@OrderPlaced', 1, 'bench');
const load = () => ({ input: { format: 'jsonschema' as const, schema } });
const Ajv2020 = Ajv2020Module.default;
// The baselines get ajv-formats too, so both sides check the same formats.
const rawAjv = (options: object) => {
  const ajv = new Ajv2020({ strict: false, ...options });
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
};
const rawDefault = rawAjv({});
const rawAllErrors = rawAjv({ allErrors: true });
// The same options compileSchema uses (ownProperties, safe regex engine), without the cache and error mapping.
const rawSameOptions = createAjv('2020-12').compile(schema);
if (cache.getOrCompile(key, load).validate(event) !== null || !rawDefault(event) || !rawAllErrors(event)) {
  throw new Error('the benchmark event must be valid');
}

const N = 20_000;
for (let warm = 0; warm < 3; warm++) {
  medianNsPerOp(() => cache.getOrCompile(key, load).validate(event), N, 1);
  medianNsPerOp(() => rawDefault(event), N, 1);
}
const ours = medianNsPerOp(() => cache.getOrCompile(key, load).validate(event), N);
const rawA = medianNsPerOp(() => rawDefault(event), N);
const rawB = medianNsPerOp(() => rawAllErrors(event), N);
const rawC = medianNsPerOp(() => rawSameOptions(event), N);
console.log(`cached validator (cache lookup + validate): ${ours.toFixed(0)} ns/event`);
console.log(
  `raw ajv.compile(schema)(event), ajv defaults: ${rawA.toFixed(0)} ns/event  ratio ${(ours / rawA).toFixed(2)}`,
);
console.log(
  `raw ajv.compile(schema)(event), allErrors:    ${rawB.toFixed(0)} ns/event  ratio ${(ours / rawB).toFixed(2)}`,
);
console.log(
  `raw createAjv().compile(schema)(event):        ${rawC.toFixed(0)} ns/event  ratio ${(ours / rawC).toFixed(2)}`,
);

const compileRuns = 20;
const compileStart = performance.now();
for (let i = 0; i < compileRuns; i++) compileSchema({ format: 'jsonschema', schema });
console.log(
  `compileSchema (fresh ajv instance each): ${((performance.now() - compileStart) / compileRuns).toFixed(2)} ms`,
);

// The same patterns on re2js and on the native engine. The AWS region pattern has a nested quantifier, so the
// syntactic rule refuses it; redos-detector's second opinion lets it run natively (compilePattern).
let sink = 0;
for (const [pattern, inputs] of [
  ['^[A-Z]{3}-\\d{4}$', ['ABC-1234', 'abc-1234', 'XYZ-00011', 'QRS-9876']],
  ['^[a-z]{2}(-[a-z]+)+-[0-9]$', ['eu-central-1', 'us-east-1', 'ap-southeast-22', 'EU-WEST-1']],
] as const) {
  const re2 = RE2JS.compile(RE2JS.translateRegExp(pattern));
  const chosen = compilePattern(pattern, 'u');
  const re2Ns = medianNsPerOp(() => {
    for (const input of inputs) sink += re2.test(input) ? 1 : 0;
  }, N);
  const chosenNs = medianNsPerOp(() => {
    for (const input of inputs) sink += chosen.test(input) ? 1 : 0;
  }, N);
  const engine = chosen instanceof RegExp ? 'native' : 're2js';
  console.log(
    `pattern ${pattern}: re2js ${(re2Ns / inputs.length).toFixed(0)} ns/test, compilePattern (${engine}) ${(chosenNs / inputs.length).toFixed(0)} ns/test (${sink > 0 ? 'ok' : ''})`,
  );
}
const evil = compilePattern('^(a+)+$', 'u');
const evilStart = performance.now();
evil.test(`${'a'.repeat(40)}!`);
console.log(`^(a+)+$ on 40 a's and '!': ${(performance.now() - evilStart).toFixed(2)} ms with re2js`);
