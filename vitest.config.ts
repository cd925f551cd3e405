import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds the web page (dist/web) when its sources are newer than the build: the browser tests load it; gives the
    // PostgreSQL and Redis servers test files start on first use a folder, and stops them at the end.
    globalSetup: ['test/global-setup.ts', 'test/services-setup.ts'],
  },
});
