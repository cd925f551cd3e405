import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds the web page (dist/web) when its sources are newer than the build: the browser tests load it.
    globalSetup: ['test/global-setup.ts'],
  },
});
