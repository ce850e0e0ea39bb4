import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Most tests here run the CLI as a child process, through tsx, several times per test: on a loaded two-core
    // machine one start takes about two seconds, so vitest's default 5 s per test is too tight.
    testTimeout: 60_000,
  },
});
