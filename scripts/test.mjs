// `npm test`: build, type check, import-cycle check, lint, unit tests (vitest), e2e
// (Playwright in Chromium), the pack test (the packages installed from their tarballs,
// test/pack.test.ts). Every stage runs even when an earlier one fails, and the last line sums
// up the tests of all of them as `N passed, N failed` (the type check, the cycle check and
// the lint count as one test each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
for (const file of ['test-results/unit.json', 'test-results/e2e.json', 'test-results/pack.json']) rmSync(file, { force: true });

/** @param {string} command @param {string[]} args */
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status === 0;
let passed = 0;
let failed = 0;

if (!run(process.execPath, ['esbuild.config.mjs'])) {
  console.log('build failed: nothing to test');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

for (const check of [['scripts/typecheck.mjs'], ['scripts/check-cycles.mjs'], ['node_modules/eslint/bin/eslint.js', 'packages/*/src/**/*.ts']]) {
  if (run(process.execPath, check)) passed++;
  else failed++;
}

const unitOk = run('node_modules/.bin/vitest', ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']);
if (existsSync('test-results/unit.json')) {
  const unit = JSON.parse(readFileSync('test-results/unit.json', 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unitOk || unit.numFailedTests ? 0 : 1);
} else failed++;

const e2eOk = run('node_modules/.bin/playwright', ['test']);
if (existsSync('test-results/e2e.json')) {
  const { stats } = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected + (e2eOk || stats.unexpected ? 0 : 1);
} else failed++;

// The packages as a user installs them (test/pack.test.ts): last, since it rebuilds dist/.
const packOk = run('node_modules/.bin/vitest', ['run', '--config', 'test/vitest.pack.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/pack.json']);
if (existsSync('test-results/pack.json')) {
  const pack = JSON.parse(readFileSync('test-results/pack.json', 'utf8'));
  passed += pack.numPassedTests;
  failed += pack.numFailedTests + (packOk || pack.numFailedTests ? 0 : 1);
} else failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
