// Vitest runs every suite under test/; process tests spawn the real bot, so they get more time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['./test/helpers/redis-global.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
