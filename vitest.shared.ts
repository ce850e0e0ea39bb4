import { defineConfig } from 'vitest/config';

/**
 * What every package's tests share: imports of `@schemagate/*` resolve to the packages' TypeScript sources through
 * the `@schemagate/source` export condition, so tests never run against a stale `dist/`. Plain Node (and every
 * published tarball) ignores that condition and lands on the compiled JavaScript.
 */
// Vite's server defaults follow ours (setting `conditions` replaces them), less `module`: it would load the AWS
// SDK's extensionless `dist-es` files, which plain Node cannot import.
export const sourceConditions = ['@schemagate/source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    // An embedded PGlite takes about five seconds to start on a two-core machine, longer while other test files
    // run beside it: vitest's defaults (5 s a test, 10 s a hook) would fail tests on the machine's speed alone.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
