// @vitest-environment happy-dom
// docs/config-reference.md's `outputs.cookieDestinations` row names the destination names the
// tag never writes (a session, login or token look-alike), with examples. Trial 9: the row said
// "each one that passes its checks" only; `author_seg` listed by a page was silently skipped.
// The examples the row gives are checked against the tag's own rule, through the outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeCookie } from '../packages/tag/src/cookie';
import { browserOutputs } from '../packages/tag/src/outputs/index';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'config-reference.md'), 'utf8');
const row = doc.split('\n').find((line) => line.startsWith('| `outputs.cookieDestinations`'))!;

afterEach(() => {
  for (const pair of document.cookie.split('; ')) if (pair) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

describe("config-reference.md's outputs.cookieDestinations row", () => {
  it('gives examples of skipped names that the tag does skip, and a control that it writes', () => {
    const skipped = ['author_seg', 'compass_aud', 'assessment'];
    for (const name of skipped) expect(row, `the row names ${name}`).toContain(`\`${name}\``);
    browserOutputs(window, 'acme', {}).cookies([...skipped, 'aud_seg'].map((name) => ({ name, value: '5001', days: 30, domain: '' })));
    expect(document.cookie.split('; ').map((pair) => pair.split('=')[0])).toEqual(['aud_seg']);
  });
});
