// @ts-check
// The lint `npm test` runs (a stage of scripts/test.mjs; also `npm run lint`): the shipped source of every package, with
// type information, for the mistakes the type check cannot see. A floating promise is the
// first: on the host page a rejection nobody handles reaches the page as an
// `unhandledrejection`, and a call that is never awaited can hang a `ready`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/tag/src/snippet/**'] },
  {
    files: ['packages/*/src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
