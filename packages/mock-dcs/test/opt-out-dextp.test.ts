// "Data privacy requests": a global opt-out (GET /demoptout.jpg with the device cookie) sets
// demdex=NOTARGET *and* dextp=NOTARGET, and the dextp record of ID syncs stops recording.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { dest5Page, type Dest5Window } from '../src/routes/dest5-page';
import { call, mockDcsPerFile } from './helpers';

const PUBLISHER = 'https://www.publisher.example';
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  deviceCookie: { domain: '.dcs.localhost' },
  partners: { acme: { allowedOrigins: [PUBLISHER], traits: [{ id: 1001, rule: 'c_section == "sports"' }], segments: [{ id: 5001, rule: '1001T' }] } },
};

const dcs = mockDcsPerFile(config);

const setCookies = (reply: { headers: Record<string, string | string[] | undefined> }): string[] => [reply.headers['set-cookie'] ?? []].flat();

describe('the global opt-out resets dextp too', () => {
  it('/demoptout.jpg answers demdex=NOTARGET and dextp=NOTARGET, both kept 10 years on the device cookie\'s domain', async () => {
    const event = await call(dcs().port, '/event?d_rtbd=json&c_section=sports', { headers: { host: 'acme.dcs.localhost' } });
    const uuid = /demdex=(\d{38})/.exec(setCookies(event).join())?.[1];
    const reply = await call(dcs().port, '/demoptout.jpg', { headers: { host: 'acme.dcs.localhost', cookie: `demdex=${uuid}; dextp=411-1-1700000000000` } });
    expect(setCookies(reply)).toEqual([
      'demdex=NOTARGET; Max-Age=315360000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure; Partitioned',
      'dextp=NOTARGET; Max-Age=315360000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure; Partitioned',
    ]);
  });

  it('a partner-level opt-out (declared ID, d_uuid) leaves both cookies alone', async () => {
    const byId = await call(dcs().port, '/demoptout.jpg?d_cid=21%01crm-1', { headers: { cookie: 'dextp=411-1-1700000000000' } });
    const byUuid = await call(dcs().port, `/demoptout.jpg?d_uuid=${'1'.repeat(38)}`);
    expect([...setCookies(byId), ...setCookies(byUuid)]).toEqual([]);
  });
});

describe('dest5.html under an opt-out (dextp=NOTARGET)', () => {
  const PARENT = encodeURIComponent(PUBLISHER);
  function load(cookie: string): Window {
    const win = new Window({ url: `https://acme.dcs.example/dest5.html?d_nsid=0#${PARENT}`, settings: { disableIframePageLoading: true, handleDisabledFileLoadingAsSuccess: true } });
    win.document.cookie = `${cookie}; Path=/; SameSite=None; Secure`;
    const data = win.document.createElement('script');
    data.type = 'application/json';
    data.id = 'allowed-origins';
    data.textContent = JSON.stringify([PUBLISHER]);
    win.document.head.append(data);
    win.postMessage = (() => undefined) as never;
    dest5Page(win as unknown as Dest5Window);
    return win;
  }
  const sync = (id: string, url: string) => ['ibs', id, 'img', encodeURIComponent(url), '10080', '', '', 'false'].join('|');
  const post = (win: Window, data: string) => win.dispatchEvent(new win.MessageEvent('message', { data, origin: PUBLISHER, source: win as never }));

  it('fires no ID sync and keeps the record NOTARGET', () => {
    const win = load('dextp=NOTARGET');
    post(win, `---destpub-combined---${sync('411', 'https://sync.a.example/1')}`);
    expect(win.document.body.querySelectorAll('img, iframe')).toHaveLength(0);
    expect(win.document.cookie).toContain('dextp=NOTARGET');
    expect(win.document.cookie).not.toMatch(/dextp=411-/);
  });

  it('without the opt-out the same message fires, so the page was listening (the check above is not vacuous)', () => {
    const win = load('dextp=');
    post(win, `---destpub-combined---${sync('411', 'https://sync.a.example/1')}`);
    expect(win.document.body.querySelectorAll('img')).toHaveLength(1);
  });
});
