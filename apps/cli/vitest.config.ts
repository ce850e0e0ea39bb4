import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Most tests here run the built CLI as a child process, several times per test, on a loaded two-core
      // machine; vitest's default 5 s per test is too tight.
      testTimeout: 60_000,
    },
  }),
);
