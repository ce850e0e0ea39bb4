/**
 * The schemagate web console as static files: `index.html` and `assets/` (content-hashed names), built by
 * `scripts/bundle.mjs` from `src/app/`. The server serves this folder under `/console`.
 */
import { fileURLToPath } from 'node:url';

/**
 * The folder of the built console. The same path from `src/index.ts` and `dist/index.js`: both sit one level
 * below the package, and the bundle is only ever written to `dist/web`.
 */
export const consoleAssetsDir: string = fileURLToPath(new URL('../dist/web/', import.meta.url));

/** The page every `/console/*` deep link answers with; it loads the hashed assets. */
export const CONSOLE_INDEX = 'index.html';

/** Where the hashed bundle files live inside {@link consoleAssetsDir}. */
export const CONSOLE_ASSETS_FOLDER = 'assets';
