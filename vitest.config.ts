import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Its own stage of `npm test` (test/vitest.pack.config.ts): it rebuilds dist/.
    exclude: ['test/pack.test.ts', '**/node_modules/**'],
    environment: 'node',
    restoreMocks: true,
  },
});
