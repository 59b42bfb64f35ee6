import { defineConfig } from 'vitest/config';

// The pack test (test/pack.test.ts): its own stage of `npm test`, after the e2e suite, since it
// rebuilds the packages' dist/ from nothing (see the test).
export default defineConfig({
  test: {
    include: ['test/pack.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
