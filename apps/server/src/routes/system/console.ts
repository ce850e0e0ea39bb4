import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_ASSETS_FOLDER, CONSOLE_INDEX, consoleAssetsDir } from '@schemagate/console';
import type { Context, Hono, MiddlewareHandler } from 'hono';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

/** The console runs only its own bundle: no inline script or style, nothing from elsewhere. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

interface Asset {
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
}

interface ConsoleFiles {
  page: Asset;
  assets: Map<string, Asset>;
}

async function loadAsset(file: string, type: string): Promise<Asset> {
  const bytes = new Uint8Array(await readFile(file));
  return { type, bytes, gzipped: new Uint8Array(gzipSync(bytes, { level: 9 })) };
}

// read and gzipped once per process, on the first request for them: apps that never serve the console pay nothing
let loading: Promise<ConsoleFiles> | undefined;
function consoleFiles(): Promise<ConsoleFiles> {
  loading ??= (async () => {
    const page = await loadAsset(join(consoleAssetsDir, CONSOLE_INDEX), contentTypes['.html']!);
    const folder = join(consoleAssetsDir, CONSOLE_ASSETS_FOLDER);
    const assets = new Map<string, Asset>();
    for (const file of await readdir(folder)) {
      const type = contentTypes[file.slice(file.lastIndexOf('.'))];
      if (type) assets.set(file, await loadAsset(join(folder, file), type));
    }
    return { page, assets };
  })().catch((error: unknown) => {
    // a failed read is tried again by the next request, not remembered
    loading = undefined;
    throw error;
  });
  return loading;
}

function send(c: Context, asset: Asset, cacheControl: string): Response {
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'cache-control': cacheControl,
    vary: 'accept-encoding',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  return c.body(gzip ? asset.gzipped : asset.bytes, 200, headers);
}

/**
 * `/console`: the web console's compiled assets (`@schemagate/console`). Every `/console/*` address answers the
 * app's page, which routes in the browser, so deep links and reloads work; the hashed assets are cached for a
 * year, the page never. `/` redirects here. A server built without the console's assets says so at start and
 * answers 404 problems for them.
 */
export function mountConsole(
  app: Hono,
  observe: (path: string) => MiddlewareHandler,
  log: (message: string) => void,
): void {
  const built = existsSync(join(consoleAssetsDir, CONSOLE_INDEX));
  if (!built)
    log(`the console's assets are not built (no ${consoleAssetsDir}${CONSOLE_INDEX}); /console answers 404`);
  app.get('/', observe('/'), (c) => c.redirect('/console', 302));
  app.get('/console/assets/:file', observe('/console/assets/:file'), async (c) => {
    const asset = built ? (await consoleFiles()).assets.get(c.req.param('file')) : undefined;
    return asset ? send(c, asset, 'public, max-age=31536000, immutable') : c.notFound();
  });
  const answerPage = async (c: Context) =>
    built ? send(c, (await consoleFiles()).page, 'no-cache') : c.notFound();
  app.get('/console', observe('/console'), answerPage);
  app.get('/console/*', observe('/console/*'), answerPage);
}
