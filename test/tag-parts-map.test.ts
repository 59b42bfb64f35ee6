// The tag's map (packages/tag/src/README.md) names every source file: a newcomer finds a
// concern by its file name there, and a file added without a line in the map fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../packages/tag/src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.(ts|js)$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

describe("the tag's map of its parts", () => {
  it('names every source file of packages/tag/src', () => {
    const map = readFileSync(join(root, 'README.md'), 'utf8');
    // A file is named by its path, or by its name in its folder's line (`outputs/`: `gpt.ts`).
    const named = (file: string): boolean => map.includes(`\`${file}\``) || (file.includes('/') && map.includes(`\`${file.split('/').pop()}\``) && map.includes(`\`${file.split('/')[0]}/\``));
    const missing = files(root).filter((file) => !named(file));
    expect(missing).toEqual([]);
    expect(files(root).length).toBeGreaterThan(60);
  });
});
