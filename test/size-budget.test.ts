// Size budgets of the shipped files, gzipped (npm test builds them first).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const budgets = [
  { file: 'packages/tag/dist/snippet.min.js', budget: 400 },
  { file: 'packages/tag/dist/audience-relay.js', budget: 4096 },
  { file: 'packages/frame/dist/frame.html', budget: 6144 },
];

describe('size budgets (gzipped)', () => {
  for (const { file, budget } of budgets) {
    it(`${file} stays within ${budget} B`, () => {
      const size = gzipSync(readFileSync(file), { level: 9 }).length;
      expect(size, `${file} is ${size} B gzipped`).toBeLessThanOrEqual(budget);
    });
  }
});
