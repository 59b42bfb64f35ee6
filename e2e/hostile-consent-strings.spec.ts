// A CMP whose TC string is longer than an event call can carry (MAX_PRIVACY_BYTES, 5632 bytes
// with the GPP string). Before, each string was capped alone at 16,384 characters, so with the
// other parts at their limits a call the checks passed was refused by the DCS (32 KB): the
// whole-call limits did not add up. Now such strings get every call refused in the frame,
// before the DCS, and `ready` names the cause. Strings that fit still reach the DCS whole.
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** A TCF CMP granting purposes 1 and 10 to vendor 565, with a TC string of `length` characters. */
const cmp = (length: number): string => `
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ gdprApplies: true, eventStatus: 'tcloaded', listenerId: 1, tcString: 'C'.repeat(${length}),
      purpose: { consents: { 1: true, 10: true } }, vendor: { consents: { 565: true } } }, true);
  };`;

/** This page's event calls (its TC string of C's): a slow call of an earlier test may land in the log too. */
const ours = (requests: Array<{ path: string }>) => requests.filter((r) => r.path.startsWith('/event') && r.path.includes('gdpr_consent=CCCC'));

const CALLS = `
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
    report('ready ' + r.status + ' ' + (r.error ? r.error.code + ' ' + r.error.message : '-'));
  });
`;

test('a TC string longer than an event call carries: nothing reaches the DCS, and ready says why', async ({ openLab, sites }) => {
  const lab = await openLab({ hostile: cmp(5633), calls: CALLS });
  const line = await lab.reported(/^ready /);
  expect(line).toBe("ready error BAD_REQUEST the page's TC and GPP strings take 5633 bytes, over the 5632 an event call can carry: nothing was sent");
  expect(ours(sites.dcs.requests())).toEqual([]);
  expect(lab.ourErrors()).toEqual([]);
});

test('a TC string at the limit reaches the DCS whole', async ({ openLab, sites }) => {
  const lab = await openLab({ hostile: cmp(5632), calls: CALLS });
  expect(await lab.reported(/^ready /)).toBe('ready fresh -');
  const calls = ours(sites.dcs.requests());
  expect(calls).toHaveLength(1);
  expect(calls[0]!.path).toContain(`gdpr_consent=${'C'.repeat(5632)}`);
});
