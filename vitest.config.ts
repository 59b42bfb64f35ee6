import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The tag's source is tested with its full error texts, as the npm build ships them.
  define: { __FULL_ERRORS__: true },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
  },
});
