// docs/migration-from-dil.md is read by Audience Manager customers, whose DCS
// (`<partner>.demdex.net`) hosts no frame of ours: a config with `dcs` alone points the frame
// at `<dcs>/frame.html`, which does not exist there, and never connects. Trial 9: the guide's
// only config example had no `frame`, and its first paragraph put the frame "on the DCS's own
// site". Every config example in it for demdex.net names `frame`, and it links the deploy guide.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../packages/tag/src/index';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'migration-from-dil.md'), 'utf8');

describe('docs/migration-from-dil.md', () => {
  it("gives Audience Manager's config with a frame URL, valid as written", () => {
    const block = /```js\n(audienceRelay\('config', \{[\s\S]*?\}\);)\n```/.exec(doc);
    expect(block, 'a js block with the config call').not.toBeNull();
    const config = new Function('audienceRelay', `let given; audienceRelay = (_c, o) => (given = o); ${block![1]} return given;`)(null) as Record<string, unknown>;
    expect(config.dcs).toMatch(/\.demdex\.net$/);
    expect(config.frame).toMatch(/^https:\/\/.+\/frame\.html$/);
    expect(() => validateConfig(config)).not.toThrow();
    expect(doc).toContain('(deploying.md)');
  });

  it('names no demdex.net config without frame', () => {
    for (const [call] of doc.matchAll(/audienceRelay\('config', \{[^`]*?demdex\.net[^`]*?\}\)/g)) expect(call).toContain('frame');
  });
});
