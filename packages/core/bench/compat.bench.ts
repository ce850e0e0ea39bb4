// Compatibility check timings beside a plain ajv.compile of the same schema, in one run.
// Run: pnpm exec tsx packages/core/bench/compat.bench.ts
import { checkCompatibility, createAjv } from '../src/index.ts';

function wideSchema(properties: number, variant: number): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (let index = 0; index < properties; index += 1) {
    const kind = index % 4;
    props[`field${index}`] =
      kind === 0
        ? { type: 'string', maxLength: 64 + variant }
        : kind === 1
          ? { type: 'integer', minimum: 0 }
          : kind === 2
            ? {
                type: 'object',
                properties: { id: { type: 'string' }, n: { type: 'number' } },
                required: ['id'],
              }
            : { type: 'array', items: { enum: ['a', 'b', 'c'] }, maxItems: 10 };
  }
  return { type: 'object', properties: props, required: ['field0'], additionalProperties: false };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, work: () => void): number {
  work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const jsonschema = (schema: unknown) => ({ format: 'jsonschema' as const, schema });

// 1. Two 200-property schemas; the newer one raises every maxLength (compatible one way, 50 breaks the other).
const older = wideSchema(200, 0);
const newer = wideSchema(200, 1);
const pair = time(15, () => {
  checkCompatibility({
    candidate: jsonschema(structuredClone(newer)),
    previous: [{ version: 1, input: jsonschema(structuredClone(older)) }],
    mode: 'BACKWARD',
    policy: 'strict',
  });
});
const pairBreaking = time(15, () => {
  checkCompatibility({
    candidate: jsonschema(structuredClone(older)),
    previous: [{ version: 1, input: jsonschema(structuredClone(newer)) }],
    mode: 'BACKWARD',
    policy: 'strict',
  });
});
const compileOne = time(15, () => {
  createAjv('2020-12', { validateSchema: false }).compile(structuredClone(newer));
});

// 2. FULL_TRANSITIVE over 100 versions: each version adds one optional property to a closed object.
const versions = Array.from({ length: 101 }, (_, version) => {
  const schema = wideSchema(100, 0);
  const properties = schema.properties as Record<string, unknown>;
  for (let extra = 0; extra < version; extra += 1) properties[`added${extra}`] = { type: 'string' };
  return schema;
});
const previous = versions
  .slice(0, 100)
  .map((schema, index) => ({ version: index + 1, input: jsonschema(schema) }));
const transitive = time(5, () => {
  const report = checkCompatibility({
    candidate: jsonschema(structuredClone(versions[100])),
    previous: previous.map((entry) => ({ ...entry, input: jsonschema(structuredClone(entry.input.schema)) })),
    mode: 'FULL_TRANSITIVE',
    policy: 'strict',
  });
  if (report.compatible) throw new Error('expected forward breaks: older versions are closed');
});
const compileLatest = time(5, () => {
  createAjv('2020-12', { validateSchema: false }).compile(structuredClone(versions[100]!));
});

const rows = [
  ['200-property pair, BACKWARD, compatible', pair, compileOne],
  ['200-property pair, BACKWARD, 50 breaking changes + witnesses', pairBreaking, compileOne],
  ['FULL_TRANSITIVE over 100 versions (~100-200 properties)', transitive, compileLatest],
] as const;
console.log('case'.padEnd(64), 'median ms'.padStart(10), 'ajv.compile ms'.padStart(15), 'ratio'.padStart(8));
for (const [name, ms, compile] of rows) {
  console.log(
    name.padEnd(64),
    ms.toFixed(1).padStart(10),
    compile.toFixed(1).padStart(15),
    `${(ms / compile).toFixed(1)}x`.padStart(8),
  );
}
