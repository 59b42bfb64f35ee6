// Two partners' frames on one CDN origin: the layout docs/deploying.md shows
// (`deploy/audience-relay/<partner>/<version>/frame.html`, one host for every partner), and
// three-sites.spec.ts serves. The frame's storage is its host's, so both frames share it: an
// opt-out through partner acme's frame runs `storage.clear()` (frame main.ts, clearStorage)
// and forgets the `ar_dcs_uuid` record, both of which hold partner globex's records too
// (its ID sync times under `audience-relay:ibs`, the device IDs its DCS gave under
// `ar_dcs_uuid`). One partner's visitor choice must not change another partner's state:
// acme's opt-out may remove what acme's frame wrote, nothing else of the host's storage.
// FAILED on main 951cfe0/66a26b8; fixed on branch attack (frame partner-storage.ts: each
// partner's frame sees its own prefix of the storage, and names its record cookie for itself).
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

/** The publisher page: both frames, and the tag's half of the handshake for one of them. */
const page = (cdn: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>two partners, one frame host</title></head><body>
<iframe id="acme" src="${cdn}/acme/frame.html" sandbox="allow-scripts allow-same-origin"></iframe>
<iframe id="globex" src="${cdn}/globex/frame.html" sandbox="allow-scripts allow-same-origin"></iframe>
<script>
  // What the tag does (bridge-client.ts): answer the frame's hello with a port, then ask.
  window.optOutThrough = function (partner) {
    var frame = document.getElementById(partner);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.type === 'connected') {
          channel.port1.postMessage({ ns: 'audience-relay', type: 'request', id: 1, method: 'optOut',
            params: { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null } });
        } else if (event.data && event.data.type === 'response') resolve(JSON.stringify(event.data));
      };
      frame.contentWindow.postMessage({ ns: 'audience-relay', type: 'connect', version: 2, partner: partner }, '${cdn}', [channel.port2]);
    });
  };
</script></body></html>`;

test('an opt-out through partner acme\'s frame leaves partner globex\'s frame records on the same host', async ({ page: browserPage }) => {
  const dir = mkdtempSync(join(tmpdir(), 'audience-relay-isolation-'));
  mkdirSync(join(dir, 'cdn'), { recursive: true });
  mkdirSync(join(dir, 'publisher'), { recursive: true });
  const cdn = await startStaticSite(join(dir, 'cdn'), 'cdn.localhost');
  const publisher = await startStaticSite(join(dir, 'publisher'), 'publisher.localhost');
  try {
    for (const partner of ['acme', 'globex']) {
      // Nothing answers on port 9: the opt-out pixel fails, which the frame allows for.
      await run(process.execPath, [cli, 'build', '--partner', partner, '--dcs', `http://${partner}.dcs.localhost:9`, '--allow', publisher.url, '--out', join(dir, 'cdn', partner)]);
    }
    writeFileSync(join(dir, 'publisher', 'index.html'), page(cdn.url));
    await browserPage.goto(`${publisher.url}/`);
    const frameOf = (partner: string) => browserPage.frames().find((f) => f.url().startsWith(`${cdn.url}/${partner}/`))!;
    await expect.poll(() => browserPage.frames().length).toBe(3);
    // Records acme's frame did not write: on main these were globex's own keys (a sync fired an
    // hour ago, a device ID its DCS gave); whatever keys globex uses, acme must leave them.
    const globexRecords = { 'audience-relay:ibs': JSON.stringify({ 411: Date.now() + 3_600_000 }), ar_dcs_uuid: '1'.repeat(38) };
    await frameOf('globex').evaluate((records) => {
      for (const [key, value] of Object.entries(records)) localStorage.setItem(key, value);
    }, globexRecords);
    // The visitor opts out of acme.
    const answer = await browserPage.evaluate(() => (window as unknown as { optOutThrough(p: string): Promise<string> }).optOutThrough('acme'));
    expect(answer).toContain('"type":"response"');
    const left = await frameOf('globex').evaluate((names) => names.map((name) => localStorage.getItem(name)), Object.keys(globexRecords));
    expect(left).toEqual(Object.values(globexRecords));
  } finally {
    await Promise.all([cdn.close(), publisher.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
});
