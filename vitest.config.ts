import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The machines are 2-core: keep the e2e suites (which spawn processes) from starving each other.
    maxWorkers: 2,
  },
});
