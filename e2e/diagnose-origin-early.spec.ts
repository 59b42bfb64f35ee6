import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

// New-user trial (trial4): a publisher whose page origin the frame does not allow (the
// commonest set-up mistake: a new dev server port, a www. host) calls ready() with the
// README's deadline (800 ms here, 1 s by default), gets `timeout`, and asks diagnose(). The
// browser refused the frame at once (frame-ancestors), but until connectTimeoutMs (5 s by
// default) diagnose() says "The DCS frame … is loading; no call has gone out yet" (`connecting`):
// the publisher waits, or raises connectTimeoutMs, as debugging.md's table advises for it. A
// page's own CSP refusal is already named while the connection waits (diagnose-frame.spec.ts).
// Fixed in packages/tag/src/debug/diagnose.ts: while the frame is `connecting`, diagnose probes
// the frame (as for `blocked`) and names `origin-not-allowed` when it leaves the page out.
test('a page origin the frame does not allow: diagnose names it while the connection still waits', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins = ['http://elsewhere.localhost:4999'];
  sites.dcs.setConfig(config);
  // A 30 s connect deadline: only what the page can see of the refused frame can tell within the 5 s below.
  await page.goto(`${sites.publisher.url}/qa/scenario.html?timeoutMs=800&connectTimeoutMs=30000`);
  await expect(page.getByTestId('status')).toHaveText('timeout');
  await expect.poll(async () => (await diagnose(page)).reasons[0]?.code, { timeout: 5000 }).toBe('origin-not-allowed');
});
