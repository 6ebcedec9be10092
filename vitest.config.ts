// Vitest runs every suite under test/; process tests (test/process/) spawn the real bot, bundled first as
// `npm start` bundles it (build-global.ts), so they get more time, and `npm run test:fast` leaves them out.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['./test/helpers/build-global.ts', './test/helpers/redis-global.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
