import { waitForHandshake, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

// The QA kit guide's own pattern, one test after the other in one worker: a "slow DCS" test
// whose `ready` settles by its deadline, then ends while its call is still held by the mock
// DCS. The kit resets the DCS before the next test; before mock-dcs dropped such a call at the
// reset, it landed seconds into the next test, in its request log (found in the fidelity
// review's repeated QA-kit run: `dcs.requests()` had 2 calls where the test made 1).
test.describe.serial('one worker, test after test', () => {
  test('a slow DCS still lets the page run', async ({ page, sites }) => {
    sites.dcs.injectFault({ latencyMs: 2000 });
    await page.goto(`${sites.publisher.url}/qa/scenario.html?timeoutMs=400`);
    expect((await waitForSegments(page, { timeoutMs: 400 })).status).toBe('timeout');
    // The page's call is held by the DCS as this test ends: it has taken the one fault.
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${sites.dcs.port}/__admin/faults`)).text()).toBe('null');
  });

  test('the next test sees its own calls only, past the last one’s latency', async ({ page, sites }) => {
    await page.goto(`${sites.publisher.url}/qa/scenario.html?timeoutMs=3000`);
    await waitForHandshake(page);
    expect((await waitForSegments(page, { timeoutMs: 3000 })).status).toBe('fresh');
    // The held call would have been answered by now: its absence is meaningful.
    await page.waitForTimeout(2200);
    expect(sites.dcs.requests().map((r) => r.signals.c_section)).toEqual([['sports']]);
  });
});
