// @vitest-environment happy-dom
// Two partners on one page, each tag from its own DCS or CDN (the README's two-snippet setup),
// need not be the same release. The on-demand bundles register under one global key for every
// release (Symbol.for('audience-relay.outputs'), '…debug'), and the loader takes whatever is
// registered there: the tag whose bundle loaded second runs the other release's outputs code,
// never its own. That code writes this partner's GPT targeting and its DCS's cookie destinations,
// so a release that fixed a hole there (the cookie-destination hardening of the last rounds)
// still runs the old hole beside an older tag, and a tag pinned with SRI (PCI DSS 6.4.3) runs a
// bundle its hash never covered.
import { afterEach, describe, expect, it } from 'vitest';
import { OUTPUTS_KEY, lazyOutputs, type OutputsBundle } from '../../src/outputs/lazy';
import { validateConfig } from '../../src/config';
import { noSegments } from '../../src/no-segments';
import { nextTask } from '../next-task';

const host = window as unknown as Record<symbol, Record<string, OutputsBundle> | undefined>;
const ours = { src: 'https://dcs-b.example/v/0123456789abcdef/audience-relay-outputs.js?v=ours', nonce: '', integrity: 'sha384-ours' };

afterEach(() => {
  delete host[OUTPUTS_KEY];
  document.head.replaceChildren();
});

describe('hostile: another release of the tag on the same page', () => {
  // Fixed in packages/tag/src/bundle-loader.ts (registerBundle, loadBundle): a bundle registers
  // under the URL of its script, and a tag takes only the one of the URL its build names.
  it("a tag runs its own outputs bundle, not the one another release's tag registered first", async () => {
    const foreign: unknown[] = [];
    // Partner A's tag, another release, loaded its outputs bundle first.
    host[OUTPUTS_KEY] = {
      'https://dcs-a.example/audience-relay-outputs.js?v=theirs': {
        browserOutputs: (_win, partner) => {
          foreign.push(partner);
          return { segments: () => {}, cookies: () => {} };
        },
      },
    };
    // Partner B's tag.
    const outputs = lazyOutputs(window, validateConfig({ partner: 'globex', dcs: 'https://dcs-b.example', outputs: { cookie: { name: 'gx_seg' } } }), ours);
    outputs.segments({ ...noSegments(), segments: ['5001'] });
    outputs.cookies([{ name: 'gx_dest', value: 'seg=5001', days: 30, domain: '.' }]);
    await nextTask();
    await nextTask();
    // Before the fix: partner A's release got partner B's outputs and cookie destinations, and B's own
    // bundle (with its integrity) was never asked for.
    expect(foreign).toEqual([]);
    const script = document.head.querySelector('script');
    expect(script?.src).toBe(ours.src);
    expect(script?.integrity).toBe(ours.integrity);
  });
});
