// Type-checks every package against its own settings (the tag and frame see only the DOM,
// mock-dcs only Node), then the e2e suite and scripts.
import { spawnSync } from 'node:child_process';

const projects = ['packages/protocol', 'packages/tag', 'packages/frame', 'packages/frame/src/build', 'packages/mock-dcs', 'packages/testing', '.'];
let failed = 0;
for (const project of projects) {
  const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
console.log(failed ? `typecheck: ${failed} of ${projects.length} projects failed` : `typecheck: ${projects.length} projects clean`);
process.exit(failed ? 1 : 0);
