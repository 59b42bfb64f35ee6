// Size budgets of the shipped files, gzipped (npm test builds them first). Measured as the
// team's checks measure them, with `gzip -9c` (whose header carries the file name, so it
// reads a few bytes above zlib); zlib level 9 where gzip is not installed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const budgets = [
  { file: 'packages/tag/dist/snippet.min.js', budget: 400 },
  { file: 'packages/tag/dist/audience-relay.js', budget: 4096 },
  { file: 'packages/frame/dist/frame.html', budget: 6144 },
];

function gzippedSize(file: string): number {
  try {
    return execFileSync('gzip', ['-9c', file]).length;
  } catch {
    return gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

describe('size budgets (gzipped)', () => {
  for (const { file, budget } of budgets) {
    it(`${file} stays within ${budget} B`, () => {
      const size = gzippedSize(file);
      expect(size, `${file} is ${size} B gzipped`).toBeLessThanOrEqual(budget);
    });
  }
});
