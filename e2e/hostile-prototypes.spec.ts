// Polluted and frozen prototypes, set before the snippet runs. The tag reads options as own
// properties only, so a polluted default changes nothing, above all nothing of the privacy
// behaviour (COPPA, Global Privacy Control, consent); and it assigns nothing a frozen
// intrinsic forbids.
import { expect } from './fixtures';
import { test } from './hostile-lab';

// Every option and result field name the tag reads, with the value that would loosen privacy
// or misdirect the tag if it were read through the prototype chain.
const POLLUTED = {
  partner: 'globex',
  dcs: 'http://evil.localhost',
  frame: 'http://evil.localhost/frame.html',
  timeoutMs: 1,
  connectTimeoutMs: 1,
  cacheMaxAgeMs: 0,
  coppa: false,
  autoPageView: true,
  outputs: { cookie: { name: 'evil' } },
  consent: { gpc: false, requireTcf: false, vendorId: 1 },
  gpc: false,
  requireTcf: false,
  vendorId: 1,
  ecid: { orgId: 'EVIL@AdobeOrg', mid: '12345678901234567890123456789012345678' },
  signals: { c_evil: ['polluted'] },
  traits: [666],
  pageView: { url: 'http://evil.localhost/' },
  url: 'http://evil.localhost/',
  ids: [{ dpid: 666, dpuuid: 'evil' }],
  dpid: 666,
  dpuuid: 'evil',
  authState: 1,
  segments: ['666'],
  status: 'fresh',
  cached: true,
  uuid: '12345678901234567890123456789012345678',
};

/** Global Privacy Control on, as the visitor's browser says. */
const GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: function () { return true; }, configurable: true });";

// queue.ts (fits(), add()) and event-calls.ts (the lost-call report) read a command's missing
// `signals`, `traits` and `pageView` through the prototype chain (`{ signals = {} } = command`,
// `command.traits ?? []`): polluted signals reach the DCS.
test('Object.prototype polluted with every option name (coppa: false, consent.gpc: false, timeoutMs: 1…): COPPA and GPC still hold, every call carries exactly what the page gave', async ({ openLab, sites }) => {
  const lab = await openLab({
    hostile: `${GPC}
      var polluted = ${JSON.stringify(POLLUTED)};
      for (var key in polluted) Object.prototype[key] = polluted[key];`,
    config: { coppa: true },
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
        return audienceRelay('snapshot');
      }).then(function (s) { report('restricted ' + s.consent.restricted); });`,
  });
  await lab.reported(/^ready fresh - 5001(,5005)?$/);
  // GPC honoured: the calls go out restricted (no ID syncs, no destinations).
  await lab.reported('restricted true');
  const calls = sites.dcs.requests();
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    const query = new URL(call.path, 'http://x').searchParams;
    expect(query.get('d_coppa')).toBe('1');
    expect(query.get('d_uuid')).toBeNull();
    expect(query.get('gdpr') ?? query.get('d_mid')).toBeNull();
    // What the page gave, and nothing polluted (the DCS adds its h_ header signals).
    expect(Object.fromEntries(Object.entries(call.signals).filter(([key]) => /^[cp]_/.test(key)))).toEqual({ c_section: ['sports'] });
    expect(query.get('d_sid')).toBeNull();
  }
  // Under COPPA no device ID is kept on the page.
  expect(await lab.page.evaluate(() => Storage.prototype.getItem.call(Object.getOwnPropertyDescriptor(window, 'localStorage')!.get!.call(window) as Storage, 'ar_uuid_acme'))).toBeNull();
  expect(lab.ourErrors()).toEqual([]);
});

// queue.ts reads a command's missing fields through the prototype chain: the getter throws
// there, and the call is lost.
test('Object.prototype with getters that throw for every option name: the tag never reads them, and works', async ({ openLab }) => {
  const names = JSON.stringify(Object.keys(POLLUTED));
  const lab = await openLab({
    hostile: `${names}.forEach(function (key) {
        Object.defineProperty(Object.prototype, key, { get: function () { throw new Error('polluted by the page: Object.prototype.' + key + ' read'); }, configurable: true });
      });`,
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('traits', [1004]);
      audienceRelay('ids', { dpid: 21, dpuuid: 'crm-42' });
      audienceRelay('pageView', {});
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + r.segments.join(','));
        setTimeout(function () { setTimeout(function () { report('done'); }); });
      }, function (e) { report('ready rejected ' + e.message); });`,
  });
  await lab.reported(/^ready fresh 5001(,5005)?$/);
  await lab.reported('done');
  // Not even the page's own errors: no getter was ever called.
  expect(lab.allErrors).toEqual([]);
  expect(lab.console).toEqual([]);
});

test('Object.prototype.toJSON rewrites what JSON.stringify sees (COPPA dropped): no call leaves the page without the COPPA flag', async ({ openLab, sites }) => {
  const lab = await openLab({
    // The page's own JSON of objects, with the COPPA flag turned off wherever it appears.
    hostile: `Object.defineProperty(Object.prototype, 'toJSON', { configurable: true, writable: true, value: function () {
        var copy = {};
        for (var key in this) if (Object.prototype.hasOwnProperty.call(this, key)) copy[key] = this[key];
        if ('coppa' in copy) copy.coppa = false;
        return copy;
      } });`,
    config: { coppa: true },
  });
  expect(await lab.page.evaluate(() => JSON.stringify({ coppa: true, signals: {} }))).toBe('{"coppa":false,"signals":{}}');
  await lab.reported(/^ready fresh - 5001(,5005)?$/);
  await lab.reported('done');
  const calls = sites.dcs.requests();
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) expect(new URL(call.path, 'http://x').searchParams.get('d_coppa')).toBe('1');
  expect(lab.ourErrors()).toEqual([]);
});

// Resolving a promise with any plain object reads its `then`: the frame's answer in the
// protocol's messenger and ready's result would need null-prototype objects (the lead decides).
test('Object.prototype.then (every object a thenable, as a broken polyfill makes it): ready still settles with its status', async ({ openLab }) => {
  const lab = await openLab({
    hostile: `Object.defineProperty(Object.prototype, 'then', { configurable: true, get: function () { throw new Error('polluted by the page: Object.prototype.then read'); } });`,
  });
  await lab.reported(/^ready /);
  await lab.reported('done');
  expect(lab.reports).toContainEqual(expect.stringMatching(/^ready fresh - 5001(,5005)?$/));
  expect(lab.ourErrors()).toEqual([]);
});

const FROZEN = ['Object', 'Array', 'Function', 'Promise', 'Error', 'TypeError', 'RangeError', 'String', 'Number', 'Boolean', 'Symbol', 'RegExp', 'Date', 'Map', 'Set', 'WeakMap', 'URL', 'URLSearchParams', 'Blob', 'MessageChannel', 'MessagePort', 'EventTarget', 'Node', 'Element', 'HTMLElement', 'HTMLIFrameElement', 'HTMLScriptElement', 'Document', 'CustomEvent', 'Event'];

/** Every output on, a listener, one call: what a frozen page must still get. */
function frozenPage(names: string[]) {
  return {
    hostile: `${JSON.stringify(names)}.forEach(function (name) { Object.freeze(window[name].prototype); Object.freeze(window[name]); });
      [JSON, Math, Reflect, Intl, console].forEach(Object.freeze);`,
    config: { outputs: { gpt: { key: 'aud' }, cookie: { name: 'lab_seg' }, dataLayer: true, domEvent: true } },
    calls: `
      EventTarget.prototype.addEventListener.call(document, 'audience-relay:segments', function (e) { report('dom event ' + e.detail.segments.join(',')); });
      audienceRelay('on', 'segments', function (e) { report('listener ' + e.segments.join(',')); });
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status + ' ' + r.segments.join(',')); });`,
  };
}

test('frozen intrinsics (Object, Array, Function, Promise, Error, JSON, Map, Set… and their prototypes frozen before the snippet): fresh segments, every output applied, nothing thrown', async ({ openLab }) => {
  const lab = await openLab(frozenPage(FROZEN));
  expect(await lab.page.evaluate(() => Object.isFrozen(Array.prototype) && Object.isFrozen(Promise.prototype))).toBe(true);
  await lab.reported(/^ready fresh 5001/);
  await lab.reported(/^listener 5001/);
  await lab.reported(/^dom event 5001/);
  expect(lab.ourErrors()).toEqual([]);
  expect(lab.console).toEqual([]);
});
