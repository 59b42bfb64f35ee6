// The macros of Visitor API's idSyncByURL / idSyncByDataSource ("ID Synchronization by URL or
// Data Source", experienceleague.adobe.com/en/docs/id-service/using/id-service-api/methods/idsync):
// %DID% (the Audience Manager ID), %TIMESTAMP% (ms) and %HTTP_PROTO% "fire with macros
// replaced". VisitorAPI.js 5.5.0 posts the URL to dest5.html as given (its idSyncByURL only
// strips the scheme), so the destination-publishing iframe, which can read the device cookie
// on the DCS domain, is what replaces them.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/index';
import { dest5Document } from '../src/routes/dest5';
import { dest5Page, type Dest5Window } from '../src/routes/dest5-page';

const PARENT = 'https://www.publisher.example';
const UUID = '07955261652886032950143702505894272138';
const enc = encodeURIComponent;
/** The message VisitorAPI.js 5.5.0's idSyncByURL queues: ibs|dpid|img|url|ttl||,dpid,dpuuid */
const byUrl = (dpid: string, url: string, ttl = 60) => ['ibs', enc(dpid), 'img', enc(url.replace(/^https?:/, '')), String(ttl), '', `,${dpid},`].join('|');

let win: Window;

function start(cookie: string | null, cookieName = 'demdex'): void {
  win = new Window({ url: `https://acme.dcs.example/dest5.html?d_nsid=0#${enc(PARENT)}`, settings: { disableIframePageLoading: true, handleDisabledFileLoadingAsSuccess: true } });
  if (cookie !== null) win.document.cookie = `${cookieName}=${cookie}; Path=/; SameSite=None; Secure`;
  for (const [id, value] of [['allowed-origins', [PARENT]], ['device-cookie', cookieName]] as const) {
    const data = win.document.createElement('script');
    data.type = 'application/json';
    data.id = id;
    data.textContent = JSON.stringify(value);
    win.document.head.append(data);
  }
  win.postMessage = (() => undefined) as never;
  dest5Page(win as unknown as Dest5Window);
}

const post = (data: string) => win.dispatchEvent(new win.MessageEvent('message', { data, origin: PARENT, source: win as never }));
const fired = () => [...win.document.body.querySelectorAll('img')].map((e) => e.getAttribute('src') ?? '');

describe('dest5.html replaces the ID service macros in the ID syncs it fires', () => {
  it('%DID% is the device ID of the DCS cookie, %TIMESTAMP% the time in ms, %HTTP_PROTO% the page scheme', () => {
    start(UUID);
    const before = Date.now();
    post(`---destpub-combined---${byUrl('24', '//su.sync.example/red/usync?pid=16&puid=%DID%&t=%TIMESTAMP%&url=%HTTP_PROTO%://dpm.demdex.net/ibs:dpid=420')}`);
    const [url] = fired();
    expect(url).toMatch(new RegExp(`^https://su\\.sync\\.example/red/usync\\?pid=16&puid=${UUID}&t=(\\d{13})&url=https://dpm\\.demdex\\.net/ibs:dpid=420$`));
    expect(Number(/t=(\d+)/.exec(url ?? '')?.[1])).toBeGreaterThanOrEqual(before);
  });

  it('the cookie name the DCS is configured with; no device cookie (or NOTARGET) gives an empty %DID%', () => {
    start(UUID, 'aam_uuid');
    post(byUrl('24', 'https://s.example/a?u=%DID%'));
    expect(fired()).toEqual([`https://s.example/a?u=${UUID}`]);
    start(null);
    post(byUrl('25', 'https://s.example/b?u=%DID%'));
    expect(fired()).toEqual(['https://s.example/b?u=']);
    start('not-a-device-id');
    post(byUrl('26', 'https://s.example/c?u=%DID%'));
    expect(fired()).toEqual(['https://s.example/c?u=']);
  });

  it('the served page names the configured device cookie in a data block', () => {
    const config = compileConfig({ defaultPartner: 'acme', deviceCookie: { name: 'aam_uuid' }, partners: { acme: { allowedOrigins: [PARENT], traits: [], segments: [] } } });
    const { html } = dest5Document(config.partners.get('acme')!, config.deviceCookie.name);
    expect(html).toContain('<script type="application/json" id="device-cookie">"aam_uuid"</script>');
  });
});
