// `postpack` of every publishable package (npm runs it in the package's folder after `npm pack`
// and `npm publish`): prepack wrote the packed README, whose links lead to the package's own
// docs/, in place of the repository's; this puts the repository's back.
// @ts-check
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const backup = join(process.cwd(), '.README.md.repository');
if (existsSync(backup)) {
  copyFileSync(backup, join(process.cwd(), 'README.md'));
  rmSync(backup);
}
