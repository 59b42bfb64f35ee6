// A signal value with a comma reaches the DCS as several values. Audience Manager reads a
// comma in a value as the separator of a serialized key-value pair (`key=val1,val2,val3`,
// "Formatting Key-Value Pairs in DCS Calls":
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-key-format.html)
// and asks for string data in double quotes (`age="41 to 55"`, "Send Data to the DCS":
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-event-calls/dcs-url-send.html).
// The tag percent-encodes the value and nothing more (protocol/src/event-query.ts
// buildEventQuery), so `c_title: 'Hello, world'` is split into `Hello` and ` world` and a trait
// rule on the page's value never matches; the page is not told. Measured with mock-dcs, which
// splits as documented: the request log has ["Hello", " world"].
// Outside review (fidelity5).
// Fixed (session g) in packages/protocol/src/event-query.ts (send a value with a comma in double
// quotes, which the DCS strips and never splits; or refuse it with BAD_REQUEST).
import { expect, test } from './fixtures';

test('a signal value with a comma reaches the DCS as one value, as the page gave it', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  const status = await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay(command: string, ...args: unknown[]): Promise<{ status: string }> }).audienceRelay;
    await relay('signals', { c_title: 'Hello, world' });
    return (await relay('ready', { timeoutMs: 20_000 })).status;
  });
  expect(status).toBe('fresh');
  const withTitle = sites.dcs.requests().filter((request) => request.signals.c_title !== undefined);
  expect(withTitle).toHaveLength(1);
  expect(withTitle[0]?.signals.c_title).toEqual(['Hello, world']);
});
