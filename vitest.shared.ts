import { defineConfig } from 'vitest/config';

/**
 * What every package's tests share: imports of `@schemagate/*` resolve to the packages' TypeScript sources through
 * the `@schemagate/source` export condition, so tests never run against a stale `dist/`. Plain Node (and every
 * published tarball) ignores that condition and lands on the compiled JavaScript.
 */
// Vite's own server defaults follow ours: setting `conditions` replaces them.
export const sourceConditions = ['@schemagate/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
});
