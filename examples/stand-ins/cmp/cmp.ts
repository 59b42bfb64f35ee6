// A stand-in consent management platform (CMP) for the example and QA pages. It is built from
// the IAB's own libraries, so the tag meets the real APIs: @iabtcf/stub and @iabtcf/cmpapi
// answer `__tcfapi` (and its `__tcfapiLocator` frame) with TC strings that @iabtcf/core
// encodes, @iabgpp/cmpapi answers `__gpp`, and a small `__uspapi` answers US Privacy.
//
// The page URL sets the scenario:
//   ?cmp=given     the visitor consented earlier: TCF loads with consent
//   ?cmp=refused   the visitor refused earlier: TCF loads without it
//   ?cmp=late      no choice yet: the banner waits for a click
//   ?cmp=none      GDPR does not apply (the CMP says so)
//   &delay=300     the CMP takes this long to load (default 50 ms)
//   &usp=1YYN      a US Privacy string (`__uspapi`); &gpp=usnat a GPP string with a US section
// The banner's buttons change the choice at any time, as a real CMP's "privacy settings" do.
import { CmpApi as GppCmpApi } from '@iabgpp/cmpapi';
import { CmpApi } from '@iabtcf/cmpapi';
import tcfStub from '@iabtcf/stub';
// mock-dcs's TC string maker (the IAB's @iabtcf/core), by path: the package's entry is the Node server.
import { tcString } from '../../../packages/mock-dcs/src/tc-string';

/** The vendor ID of the demo DCS (mock-dcs's default), and another vendor's. */
const DCS_VENDOR = 565;
const OTHER_VENDOR = 755;
const CMP_ID = 10;

const query = new URLSearchParams(location.search);
const scenario = query.get('cmp') ?? 'given';
const delay = Number(query.get('delay') ?? 50);

/** A real TC string for this choice: purposes 1 to 11 and both vendors, or nothing. */
function tcStringFor(consent: boolean): string {
  return consent ? tcString({ purposes: Array.from({ length: 11 }, (_, i) => i + 1), vendors: [DCS_VENDOR, OTHER_VENDOR] }) : tcString({ purposes: [], vendors: [] });
}

/** A locator frame and `postMessage` answers for an API the IAB stubs leave to the CMP (GPP, USP). */
function locator(api: '__gpp' | '__uspapi'): void {
  const frame = document.createElement('iframe');
  frame.name = `${api}Locator`;
  frame.style.display = 'none';
  document.documentElement.appendChild(frame);
  window.addEventListener('message', (event) => {
    const call = (event.data as Record<string, { command: string; version?: number; callId: unknown; parameter?: unknown }> | null)?.[`${api}Call`];
    if (!call || !event.source) return;
    const answer = (returnValue: unknown, success: boolean): void =>
      (event.source as Window).postMessage({ [`${api}Return`]: { returnValue, success, callId: call.callId } }, '*');
    const fn = (window as unknown as Record<string, (...args: unknown[]) => void>)[api]!;
    if (api === '__gpp') fn(call.command, answer, call.parameter);
    else fn(call.command, call.version, answer);
  });
}

// The stubs first, synchronously, as the IAB asks: the tag may call before the CMP loads.
tcfStub();
const uspString = query.get('usp');
if (uspString) {
  (window as unknown as { __uspapi: unknown }).__uspapi = (command: string, _version: number, callback: (value: unknown, success: boolean) => void) => {
    if (command === 'getUSPData') setTimeout(() => callback({ version: 1, uspString }, true), delay);
    else callback(null, false);
  };
  locator('__uspapi');
}

const tcf = new CmpApi(CMP_ID, 1, true);
// The GPP stub the IAB asks pages to put first (here: an empty queue), which the library
// takes over; without one it reads a missing window.__gpp and the console shows a TypeError.
if (query.get('gpp')) (window as unknown as { __gpp?: () => unknown[] }).__gpp ??= () => [];
const gpp = query.get('gpp') ? new GppCmpApi(CMP_ID, 1) : null;
if (gpp) locator('__gpp');

function choose(consent: boolean): void {
  tcf.update(tcStringFor(consent), false);
  state(consent ? 'consent given' : 'consent refused');
}

let shown = 'loading';
function state(text: string): void {
  shown = text;
  const output = document.querySelector('[data-testid="cmp-state"]');
  if (output) output.textContent = text;
}

setTimeout(() => {
  if (gpp) {
    gpp.setFieldValue('usnat', 'SaleOptOut', 2);
    gpp.setFieldValue('usnat', 'TargetedAdvertisingOptOut', 2);
    gpp.setApplicableSections([7]);
    gpp.fireSectionChange('usnat');
    gpp.setSignalStatus('ready' as never);
  }
  if (scenario === 'none') {
    tcf.update(null);
    state('GDPR does not apply');
  } else if (scenario === 'late') {
    tcf.update('', true);
    state('waiting for a choice');
  } else choose(scenario === 'given');
}, delay);

// The banner: two buttons, added once the page's body exists.
function banner(): void {
  const bar = document.createElement('aside');
  bar.className = 'cmp-banner';
  bar.setAttribute('aria-label', 'Consent (stand-in CMP)');
  const label = document.createElement('span');
  label.textContent = 'Stand-in CMP: ';
  const status = document.createElement('output');
  status.dataset['testid'] = 'cmp-state';
  status.textContent = shown;
  const accept = document.createElement('button');
  accept.textContent = 'Accept all';
  accept.addEventListener('click', () => choose(true));
  const refuse = document.createElement('button');
  refuse.textContent = 'Refuse all';
  refuse.addEventListener('click', () => choose(false));
  bar.append(label, status, ' ', accept, ' ', refuse);
  document.body.prepend(bar);
}
if (document.body) banner();
else document.addEventListener('DOMContentLoaded', banner);
