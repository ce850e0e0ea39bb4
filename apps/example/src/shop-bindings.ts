import { fileURLToPath } from 'node:url';
import { type BindingInput, type GeneratedFile, generateBindings, withReferences } from '@schemagate/codegen';
import { createClient, readLatestVersions } from '@schemagate/sdk';

/** The registry the shop's contracts live in. */
export const SHOP_REGISTRY = 'shop';

/** The events this example produces or consumes; every other contract of the registry is left out. */
export const SHOP_EVENT_SCHEMAS = ['com.shop.orders@OrderPlaced', 'com.shop.payments@PaymentFailed'] as const;

/** Where the generated bindings are kept (committed, so the example typechecks on a fresh clone). */
export const SHOP_BINDINGS_DIR = fileURLToPath(new URL('./generated/', import.meta.url));

/**
 * Generates the TypeScript bindings of the latest registered version of each of {@link SHOP_EVENT_SCHEMAS},
 * read from a running registry. Every schema of the registry is read, not only those, because their
 * `$ref`s (to `Money`, `Address`) must resolve the way the registry resolved them at registration.
 */
export async function generateShopBindings(registry: {
  url: string;
  key?: string;
}): Promise<GeneratedFile[]> {
  const client = createClient({ url: registry.url, ...(registry.key ? { key: registry.key } : {}) });
  const latest: BindingInput[] = (await readLatestVersions(client, SHOP_REGISTRY)).map((version) => ({
    registry: SHOP_REGISTRY,
    name: version.name,
    version: version.version,
    fingerprint: version.fingerprint,
    format: version.format,
    schema: version.schema,
  }));
  const missing = SHOP_EVENT_SCHEMAS.filter((name) => !latest.some((input) => input.name === name));
  if (missing.length > 0) {
    throw new Error(`registry ${registry.url} has no ${missing.join(', ')} in ${SHOP_REGISTRY}`);
  }
  const wanted = withReferences(latest, SHOP_EVENT_SCHEMAS);
  const { files } = await generateBindings(wanted);
  return files;
}
