// attack17 (outside review): the frame keeps the visitor's DCS opt-out in its host's storage
// (`<partner>:optout`, frame main.ts), one for every host of the publisher's site, so a page of
// the site's other hosts (whose own marker, its origin's, says nothing) is refused by the frame.
// Frames of several partners, and whatever else the CDN serves, share that host and its quota:
// once another partner's records, or another tenant's pages, filled it, the marker's write threw
// (QuotaExceededError), was swallowed, and nothing remembered the opt-out past this frame: the
// frame of the site's next page called the DCS for the opted-out visitor again.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startStaticSite } from './static-site';

const run = promisify(execFile);
const repo = new URL('..', import.meta.url).pathname;
const cli = join(repo, 'packages/frame/bin/audience-relay-frame.js');

/** The publisher page, and the tag's half of the handshake (bridge-client.ts) for any frame of it. */
const page = (cdn: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>a full frame host</title></head><body>
<iframe id="acme" src="${cdn}/acme/frame.html" sandbox="allow-scripts allow-same-origin"></iframe>
<iframe id="globex" src="${cdn}/globex/frame.html" sandbox="allow-scripts allow-same-origin"></iframe>
<script>
  window.ask = function (id, partner, method) {
    var frame = document.getElementById(id);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.type === 'connected') {
          channel.port1.postMessage({ ns: 'audience-relay', type: 'request', id: 1, method: method,
            params: { signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: null } });
        } else if (event.data && event.data.type === 'response') resolve(event.data.error ? event.data.error.code : 'answered');
      };
      frame.contentWindow.postMessage({ ns: 'audience-relay', type: 'connect', version: 2, partner: partner }, '${cdn}', [channel.port2]);
    });
  };
  // The site's next page: a new frame of the same partner.
  window.nextFrame = function () {
    var frame = document.createElement('iframe');
    frame.id = 'acme2';
    frame.sandbox = 'allow-scripts allow-same-origin';
    frame.src = '${cdn}/acme/frame.html';
    return new Promise(function (resolve) { frame.onload = resolve; document.body.appendChild(frame); });
  };
</script></body></html>`;

test("an opt-out through acme's frame holds on the site's next page when the frame host's storage is full", async ({ page: browserPage }) => {
  const dir = mkdtempSync(join(tmpdir(), 'audience-relay-full-'));
  mkdirSync(join(dir, 'cdn'), { recursive: true });
  mkdirSync(join(dir, 'publisher'), { recursive: true });
  const cdn = await startStaticSite(join(dir, 'cdn'), 'cdn.localhost');
  const publisher = await startStaticSite(join(dir, 'publisher'), 'publisher.localhost');
  try {
    for (const partner of ['acme', 'globex']) {
      // Nothing answers on port 9: the DCS calls fail, which is no OPTED_OUT.
      await run(process.execPath, [cli, 'build', '--partner', partner, '--dcs', `http://${partner}.dcs.localhost:9`, '--allow', publisher.url, '--out', join(dir, 'cdn', partner)]);
    }
    writeFileSync(join(dir, 'publisher', 'index.html'), page(cdn.url));
    await browserPage.goto(`${publisher.url}/`);
    await expect.poll(() => browserPage.frames().length).toBe(3);
    const globex = browserPage.frames().find((f) => f.url().startsWith(`${cdn.url}/globex/`))!;
    // Another tenant of the host (here: script in globex's frame) fills the host's storage.
    const full = await globex.evaluate(() => {
      let size = 1 << 20;
      let i = 0;
      while (size >= 1) {
        try {
          localStorage.setItem(`filler${i++}`, 'x'.repeat(size));
        } catch {
          size >>= 1;
        }
      }
      try {
        // The write acme's frame makes as the visitor opts out.
        localStorage.setItem('acme:optout', '1');
        localStorage.removeItem('acme:optout');
        return false;
      } catch {
        return true;
      }
    });
    expect(full).toBe(true);
    const ask = (id: string, method: string) => browserPage.evaluate(([frame, m]) => (window as unknown as { ask(i: string, p: string, m: string): Promise<string> }).ask(frame!, 'acme', m!), [id, method]);
    expect(await ask('acme', 'optOut')).toBe('answered');
    await browserPage.evaluate(() => (window as unknown as { nextFrame(): Promise<void> }).nextFrame());
    // Before the fix: DCS_ERROR (the call went to the DCS: nothing remembered the opt-out).
    expect(await ask('acme2', 'event')).toBe('OPTED_OUT');
  } finally {
    await Promise.all([cdn.close(), publisher.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
});
