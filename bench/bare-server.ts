/**
 * The ceiling the server is measured against: a bare hono endpoint on the same Node server adapter that
 * parses the same JSON and answers a response of the same size, with no registry behind it.
 */
import { serve } from '@hono/node-server';
import { compileSchema } from '@schemagate/core';
import { loadSchemaFolder } from '@schemagate/sdk';
import { Hono } from 'hono';

const versionBytes = process.env.BENCH_VERSION_BYTES ?? '{}';

// The same contract compiled by the same engine, for a ceiling that validates but does nothing else
// (no keys, metrics, routing or limits).
const contracts = await loadSchemaFolder(process.env.BENCH_SCHEMAS ?? 'schemas', { examples: false });
const order = contracts.find((c) => c.name === 'com.shop.orders@OrderPlaced');
if (!order) throw new Error('bench: com.shop.orders@OrderPlaced is missing from schemas/');
const references = contracts.flatMap((c) => (c.id ? [{ uri: c.id, schema: c.schema }] : []));
const validator = compileSchema({ format: order.format, schema: order.schema }, references);

const app = new Hono();
app.post('/validate-only', async (c) => {
  const body = (await c.req.json()) as { event: unknown };
  const errors = validator.validate(body.event);
  return c.json({
    valid: errors === null,
    registry: 'shop',
    schema: order.name,
    version: 1,
    errors: errors ?? [],
  });
});
app.post('/validate-only/batch', async (c) => {
  const body = (await c.req.json()) as { events: unknown[] };
  let failedCount = 0;
  const results = body.events.map((event) => {
    const errors = validator.validate(event);
    if (errors !== null) failedCount++;
    return { valid: errors === null, registry: 'shop', schema: order.name, version: 1, errors: errors ?? [] };
  });
  return c.json({ failedCount, results });
});
app.post('/validate', async (c) => {
  const body = await c.req.json();
  return c.json({
    valid: typeof body === 'object',
    registry: 'bench',
    schema: 'bench',
    version: 1,
    errors: [],
  });
});
app.post('/validate/batch', async (c) => {
  const body = (await c.req.json()) as { events: unknown[] };
  const results = body.events.map(() => ({
    valid: true,
    registry: 'bench',
    schema: 'bench',
    version: 1,
    errors: [],
  }));
  return c.json({ failedCount: 0, results });
});
app.get('/version', (c) =>
  c.body(versionBytes, 200, { 'content-type': 'application/json', etag: '"bench"' }),
);

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' },
  (info) => {
    process.stdout.write(`listening ${info.port}\n`);
  },
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
