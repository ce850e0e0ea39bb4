import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { writeBindings } from '@schemagate/codegen';
import { startEmulator } from '@schemagate/eventbridge';
import { openRegistry } from './registry.ts';
import { generateShopBindings, SHOP_BINDINGS_DIR } from './shop-bindings.ts';

// `pnpm start` (and `pnpm generate`, with --generate-only). SCHEMAGATE_URL and SCHEMAGATE_KEY point it at
// a running registry; without them it starts its own.
const generateOnly = process.argv.includes('--generate-only');
const bus = { account: '123456789012', region: 'eu-central-1' };
const busName = 'shop';

const registry = await openRegistry({ url: process.env.SCHEMAGATE_URL, key: process.env.SCHEMAGATE_KEY });
try {
  console.log(`registry: ${registry.url}${registry.embedded ? ' (started here, seeded from schemas/)' : ''}`);
  const files = await generateShopBindings(registry);
  const { written, unchanged } = await writeBindings(SHOP_BINDINGS_DIR, files);
  console.log(
    `codegen: ${SHOP_BINDINGS_DIR}: ${written.length ? `wrote ${written.join(', ')}` : 'nothing to write'}${unchanged.length ? `, ${unchanged.length} unchanged` : ''}`,
  );
  if (!generateOnly) await publishAndConsume();
} finally {
  await registry.close();
}

async function publishAndConsume(): Promise<void> {
  const emulator = await startEmulator({ region: bus.region });
  const eventBridge = new EventBridgeClient({
    endpoint: emulator.url,
    region: bus.region,
    // The emulator checks no signature; the SDK just needs something to sign with.
    credentials: { accessKeyId: 'example', secretAccessKey: 'example' },
  });
  try {
    console.log(`eventbridge: emulator at ${emulator.url}, bus "${busName}"`);
    // Imported only now, so that the bindings just written are the ones loaded.
    const { runShopFlow } = await import('./shop-flow.ts');
    const { describeOutcome } = await import('./describe-outcome.ts');
    const outcome = await runShopFlow({
      eventBridge,
      busName,
      bus,
      acceptedEvents: () => emulator.state.events,
    });
    for (const line of describeOutcome(outcome)) console.log(line);
  } finally {
    eventBridge.destroy();
    await emulator.close();
  }
}
