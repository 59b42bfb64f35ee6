// A cross-origin isolated publisher page (COOP same-origin + COEP require-corp or
// credentialless: pages that need SharedArrayBuffer, WebAssembly threads, precise timers).
// Under COEP a cross-origin iframe loads only if its own response opts in (COEP, CORP), or if
// the iframe is `credentialless`. Our frame does neither (frame-artifact.ts headers, mount-frame.ts
// attributes), so the browser blocks it: the tag loads and the page's calls settle, but always
// `blocked CONNECTION_TIMEOUT` after connectTimeoutMs, on every page view. FAILS on main.
import { expect } from './fixtures';
import { test } from './hostile-lab';

for (const coep of ['require-corp', 'credentialless']) {
  test(`a cross-origin isolated page (COEP ${coep}) still gets fresh segments`, async ({ openLab }) => {
    const lab = await openLab({
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': coep },
      config: { connectTimeoutMs: 3000 },
    });
    expect(await lab.page.evaluate(() => crossOriginIsolated)).toBe(true);
    await lab.reported(/^ready /);
    expect(lab.reports).toContainEqual(expect.stringMatching(/^ready fresh - 5001(,5005)?$/));
    expect(lab.ourErrors()).toEqual([]);
  });
}
