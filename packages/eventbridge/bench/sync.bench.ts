/**
 * Sync bench: a full pull of 1,000 schemas (3 versions each) from the loopback emulator into the
 * in-memory registry port, then the incremental re-pull of the unchanged registry, then a re-pull
 * after 10 schemas gained a version. Real @aws-sdk/client-schemas over HTTP on 127.0.0.1.
 *
 *   pnpm exec tsx packages/eventbridge/bench/sync.bench.ts [--schemas 1000] [--versions 3] [--concurrency 4]
 */
import { parseArgs } from 'node:util';
import { startEmulator } from '../src/emulator/start-emulator.ts';
import { createSchemasClient } from '../src/sync/eventbridge-schemas.ts';
import { InMemoryRegistryPort } from '../src/sync/in-memory-registry-port.ts';
import { type SyncResult, syncEventBridge } from '../src/sync/sync-eventbridge.ts';

const { values } = parseArgs({
  options: {
    schemas: { type: 'string', default: '1000' },
    versions: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
  },
});
const schemaCount = Number(values.schemas);
const versionCount = Number(values.versions);
const concurrency = Number(values.concurrency);

function eventSchema(schema: number, version: number) {
  const properties: Record<string, unknown> = {
    id: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
  };
  for (let field = 0; field < 10 + version; field++)
    properties[`field${field}`] = { type: 'string', maxLength: 64 };
  return JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: `Event${schema}`,
    type: 'object',
    required: ['id'],
    properties,
  });
}

const emulator = await startEmulator();
for (let s = 0; s < schemaCount; s++) {
  for (let v = 1; v <= versionCount; v++) {
    emulator.state.store.seedVersion('bench', `bench.app@Event${s}`, 'JSONSchemaDraft4', eventSchema(s, v));
  }
}
const client = createSchemasClient({
  endpoint: emulator.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const port = new InMemoryRegistryPort();

async function measure(label: string): Promise<void> {
  emulator.state.resetCalls();
  const started = performance.now();
  const result: SyncResult = await syncEventBridge({
    registry: 'bench',
    direction: 'pull',
    client,
    port,
    concurrency,
  });
  const ms = performance.now() - started;
  if (result.errors.length > 0) throw new Error(`${label}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const calls = ['DescribeRegistry', 'ListSchemas', 'ListSchemaVersions', 'DescribeSchema']
    .map((op) => `${op} ${emulator.state.callCount(op)}`)
    .join(', ');
  process.stdout.write(
    `| ${label} | ${ms.toFixed(0)} ms | ${result.created + result.updated} versions imported, ${result.unchanged} schemas unchanged | ${calls} |\n`,
  );
}

process.stdout.write(
  `\n## sync: pull of ${schemaCount} schemas x ${versionCount} versions from the emulator (concurrency ${concurrency})\n\n`,
);
process.stdout.write('| run | time | result | Schemas API calls |\n|---|---|---|---|\n');
await measure('full pull');
await measure('incremental re-pull, nothing changed');
for (let s = 0; s < 10; s++) {
  emulator.state.store.seedVersion(
    'bench',
    `bench.app@Event${s * 100}`,
    'JSONSchemaDraft4',
    eventSchema(s * 100, versionCount + 1),
  );
}
await measure('re-pull after 10 schemas changed');

client.destroy();
await emulator.close();
