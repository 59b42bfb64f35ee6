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

// Fixed: `d_event` and `d_rd` are refused at the call (protocol/limits.ts isReservedKey, which
// the frame applies too), and the frame's fetch never follows a redirect (dcs-client.ts).
test('d_event=click with d_rd in the page\'s signals is refused at the call; the frame requests no other origin', async ({ page, sites }) => {
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
    const refused = await relay('signals', { d_event: 'click', d_rd: url }).then(
      () => 'taken',
      (error: Error & { code?: string }) => `${error.code} ${error.message}`,
    );
    // A call after it goes out as usual.
    void relay('signals', { c_after: 'click' });
    const ready = (await relay('ready', { timeoutMs: 10000 })) as { status: string };
    return { refused, status: ready.status };
  }, target)) as { refused: string; status: string };
  expect(result.refused).toMatch(/^BAD_REQUEST .*"d_event".*"d_rd"/);
  expect(result.status).toBe('fresh');
  await expect.poll(() => sites.dcs.requests().some((r) => r.signals?.c_after)).toBe(true);
  // No click was recorded (the DCS answers a click with 302), and nothing went to the target.
  expect(sites.dcs.requests().filter((r) => r.status === 302)).toEqual([]);
  expect(followed).toEqual([]);
});
