// Markup injected into a page on an allowed origin, without any script: an <iframe> of our
// frame.html with an event call in its #fragment (a comment form or a CMS that lets iframes
// through, HTML injection under a CSP that stops scripts). frame-ancestors lets it in (the
// page is allowed), and the frame makes the boot call as it starts, before and without any
// handshake: the visitor's browser calls the DCS, with the DCS's own identity for them, with
// whatever the fragment says: traits realized (d_sid), signals, and declared IDs that link
// the visitor's device to the attacker's customer ID at the DCS (d_cid). The port path does
// not allow this (a connect must come from the parent window's own script).
// It failed before (measured): the DCS recorded the event call with c_injected=1, d_sid=1004
// and d_cid=21%01attacker-crm. Fixed the second of the review's two ways (protocol/boot-call.ts):
// a boot call never carries declared IDs or trait IDs, so the frame refuses this fragment and
// makes no call; the tag sends such a first call on the port. Holding every boot fetch until
// the connect would close the rest (signals, the page URL, a device ID for a browser without
// the DCS cookie) at the cost of the hello/connect round trip on every first view: a design
// question left open on issue 18.
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('an injected <iframe src="frame.html#<event call>"> carrying declared IDs and traits makes no DCS call', async ({ openLab, sites }) => {
  const params = { signals: { c_injected: ['1'] }, traits: [1004], uuid: null, coppa: false, ids: [{ source: 21, id: 'attacker-crm', authState: null }], url: null };
  const src = `${sites.dcs.url}/frame.html#${encodeURIComponent(JSON.stringify(params))};x1`;
  const lab = await openLab({
    markup: `<iframe id="injected" src="${src}" width="0" height="0"></iframe>`,
    calls: `document.getElementById('injected').addEventListener('load', function () { report('injected loaded'); });`,
  });
  await lab.reported('injected loaded');
  // The frame starts its boot call as its script runs, before its load event; the DCS has it
  // once it is quiet.
  await dcsQuiet(sites.dcs);
  expect(sites.dcs.requests().filter((r) => r.signals.c_injected !== undefined).map((r) => r.path)).toEqual([]);
});
