// docs/debugging.md is where a developer looks up a diagnose() reason code. Every code the npm
// build gives must be in its table (new-user trial: server-side rendering answered
// `no-browser-page`, which the table did not list, and `debug()` rejected there unannounced).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudienceRelay } from '../packages/tag/src/index';
import { SIZE_BUDGETS } from '../bench/size-budgets.mjs';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'debugging.md'), 'utf8');
/** The codes of the table of reasons (`| code | meaning | what to do |`): its rows' first cells. */
const reasonsTable = doc.slice(doc.indexOf('| code | meaning | what to do |')).split('\n\n')[0]!;
const documented = new Set([...reasonsTable.matchAll(/^\| `([a-z-]+)` \|/gm)].map(([, code]) => code!));

describe('docs/debugging.md, against the npm build', () => {
  it('lists the reason diagnose() gives on the server (no window, as in server-side rendering), and says what to do', async () => {
    expect(typeof window, 'this test runs in Node, without a page').toBe('undefined');
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
    const { reasons } = await relay.diagnose();
    expect(reasons.length).toBeGreaterThan(0);
    for (const { code } of reasons) expect(documented, `docs/debugging.md's table lists "${code}"`).toContain(code);
    relay.destroy();
  });

  it("says what debug() does on the server: it rejects, and the doc quotes the rejection's start", async () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
    const error = (await relay.debug().then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; message?: string } | null;
    expect(error?.code).toBe('BAD_REQUEST');
    const start = error!.message!.split(':')[0]!;
    expect(doc).toContain(`\`BAD_REQUEST\`, \`${start}: …\``);
    relay.destroy();
  });

  // New-user trial 7: the guide said "about 4 KB gzipped" of a bundle whose budget (and size)
  // is 6.8 KB: the figure had stayed where the bundle started. It follows the budget now.
  it("gives the debug bundle's size as its budget, in whole KB", () => {
    const stated = /`audience-relay-debug\.js`, about (\d+) KB gzipped/.exec(doc);
    expect(stated, 'docs/debugging.md states the debug bundle\'s size').not.toBeNull();
    expect(Number(stated![1])).toBe(Math.round(SIZE_BUDGETS.debug.budget / 1000));
  });
});
