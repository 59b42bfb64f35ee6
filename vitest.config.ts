import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The tag's source is tested with its full error texts, as the npm build ships them.
  define: { __FULL_ERRORS__: true },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Its own stage of `npm test` (test/vitest.pack.config.ts): it rebuilds dist/.
    exclude: ['test/pack.test.ts', '**/node_modules/**'],
    environment: 'node',
    restoreMocks: true,
  },
});
