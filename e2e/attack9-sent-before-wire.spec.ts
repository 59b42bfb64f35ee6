// attack9: the frame says `sent` (messenger.ts servePort) and records the call's ID in its session
// storage (frame main.ts seen) BEFORE its fetch is on the wire. A frame that reloads then
// (its element moved by a framework's re-parenting, while the request still waits for a DNS
// lookup, a TCP/TLS handshake on a cold mobile connection, or a connection slot) takes the fetch
// with it: the DCS never saw the call. The tag, told `sent`, marks it made and sends it again
// without its signals, and the reloaded frame strips them too: the call's signals are lost for
// good. (frame-reload-in-flight-twice.spec.ts covers the other side: a request on the wire is
// processed once.) Here the request waits in the browser for a connection (six slow requests to
// the DCS from the page hold the six Chromium opens to a host), as a cold connection holds it.
import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { moveFrame } from './move-frame';

type Relay = (...args: unknown[]) => Promise<unknown>;

// Fixed (session j) in frame/src/dcs-client.ts: the event call's fetch is kept alive, so the browser sends it though the frame that made it is gone.
test('a call whose request had not left the browser when the frame reloaded still reaches the DCS with its signals', async ({ page, sites }) => {
  test.setTimeout(60_000);
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }));
  await dcsQuiet(sites.dcs);
  // Six slow requests to the DCS from this page's frames (iframes navigated to it: the same
  // connection pool as our frame's, this page's site and the DCS's) take the six connections
  // Chromium opens to one host: the frame's next fetch waits for one, in the browser, as on a
  // cold mobile connection, and is not on the wire.
  sites.dcs.injectFault({ count: 6, latencyMs: 3000 });
  await page.evaluate((dcs) => {
    for (let i = 0; i < 6; i++) {
      const slow = document.createElement('iframe');
      slow.src = `${dcs}/event?d_rtbd=json&c_slot=${i}`;
      document.body.append(slow);
    }
  }, sites.dcs.url);
  const requested = page.waitForRequest((r) => r.url().includes('c_seq=lost'));
  await page.evaluate(() => void (window as unknown as { audienceRelay: Relay }).audienceRelay('signals', { c_seq: 'lost', c_section: 'sports' }));
  await requested;
  expect(await moveFrame(page, 20_000)).toBe('fresh');
  await dcsQuiet(sites.dcs, 500, 5000);
  // ready said fresh. On ffbc4a0: 0 (the DCS got only the resend, which carries no signals; 3 runs of 3).
  expect(sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'lost')).toHaveLength(1);
});
