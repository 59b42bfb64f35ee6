// A click-tracking key in the page's signals turns the frame's event call into a redirect the
// frame follows. Audience Manager's "Capturing Campaign Click Data via Pixel Calls" (experienceleague.
// adobe.com/docs/audience-manager/user-guide/implementation-integration-guides/media-data-integration/
// click-data-pixels.html) documents `/event?d_event=click&…&d_rd=<URL>`: "The response redirects
// the browser to the URL specified in the d_rd parameter", as mock-dcs does. The tag passes `d_event` and
// `d_rd` through as ordinary `d_` signals (only the keys the frame sets itself are refused), and the
// frame's fetch follows redirects by default, with credentials. So a page (or a script on it) makes
// the frame, on the DCS's origin, request any URL it names, though the README's security paragraph
// says the frame "calls only the DCS it was built with"; the call itself then fails (the target
// answers no CORS), and the click is recorded at the DCS as a real one.
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

// lead: fix in packages/frame/src/dcs-client.ts (fetch with redirect: 'error' or 'manual'; or refuse d_rd/d_event=click in the tag's signal checks)
test.fail('d_event=click with d_rd in the page\'s signals does not make the frame request another origin', async ({ page, sites }) => {
  const target = 'http://elsewhere.localhost/landing';
  const followed: string[] = [];
  // Every request of the page and its frames for the target, with the document that made it.
  page.on('request', (request) => {
    if (request.url().startsWith(target)) followed.push(`${request.url()} from ${new URL(request.frame().url()).pathname}`);
  });
  await page.context().route('http://elsewhere.localhost/**', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'landing' }));
  await page.goto(`${sites.publisher.url}/publisher/`);
  const result = (await page.evaluate(async (url) => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    await relay('ready', { timeoutMs: 10000 });
    void relay('signals', { d_event: 'click', d_rd: url });
    return relay('ready', { timeoutMs: 10000 });
  }, target)) as { status: string };
  // The DCS took the call as a click (302), whatever happened after.
  await expect.poll(() => sites.dcs.requests().some((r) => r.status === 302)).toBe(true);
  expect(followed).toEqual([]);
  expect(result.status).toBe('fresh');
});
