// The destination-publishing page's script (DCS-PROTOCOL.md §6), run in a DOM (a fresh
// happy-dom window per page load): what it takes from its parent, what it fires, what it
// remembers, what it tells the parent.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { dest5Page, type Dest5Window } from '../src/routes/dest5-page';

const PARENT = 'https://www.publisher.example';
const enc = encodeURIComponent;
const ibs = (id: string, urls: string[], ttl = 10080, tag = 'img') => ['ibs', enc(id), enc(tag), urls.map(enc).join(','), enc(String(ttl)), '', '', 'false'].join('|');
const dests = (id: string, url: string, y = 'img') => ['dests', enc(id), enc(y), enc(url)].join('|');
const combined = (...messages: string[]) => `---destpub-combined---${messages.join('%01')}`;

let win: Window;
let toParent: Array<[string, string]>;

/** Loads the page; `carry` keeps the cookies of the last load, as a browser would. */
function start(fragment = enc(PARENT), allowed = [PARENT], carry = false): void {
  const cookies = carry ? win.document.cookie : '';
  win = new Window({ url: `https://acme.dcs.example/dest5.html?d_nsid=0#${fragment}`, settings: { disableIframePageLoading: true, handleDisabledFileLoadingAsSuccess: true } });
  for (const pair of cookies ? cookies.split('; ') : []) win.document.cookie = `${pair}; Path=/; SameSite=None; Secure`;
  const data = win.document.createElement('script');
  data.type = 'application/json';
  data.id = 'allowed-origins';
  data.textContent = JSON.stringify(allowed);
  win.document.head.append(data);
  toParent = [];
  // The page is top-level here, so its parent is itself: record what it posts there.
  win.postMessage = ((message: string, origin: string) => void toParent.push([message, origin])) as never;
  dest5Page(win as unknown as Dest5Window);
}

function post(data: unknown, origin = PARENT, source: unknown = win): void {
  win.dispatchEvent(new win.MessageEvent('message', { data, origin, source: source as never }));
}

const fired = () => [...win.document.body.querySelectorAll('img, iframe')].map((e) => `${e.tagName.toLowerCase()} ${e.getAttribute('src')}`);

describe('dest5.html: the destination-publishing iframe', () => {
  it('tells its parent, at the origin in its fragment, whether it can set third-party cookies', () => {
    start();
    expect(toParent).toEqual([['---destpub-to-parent---canSetThirdPartyCookies|true', PARENT]]);
  });

  it('takes the combined form: ID syncs (every URL, as img or iframe) and URL destinations, fields percent-encoded, joined with %01', () => {
    start();
    post(combined(ibs('411', ['https://sync.a.example/p?u=1&x=2', 'https://sync.b.example/q']), ibs('412', ['https://sync.c.example/f'], 60, 'iframe'), dests('2523', 'https://px.example/s?seg=a|b')));
    expect(fired()).toEqual([
      'img https://sync.a.example/p?u=1&x=2',
      'img https://sync.b.example/q',
      'iframe https://sync.c.example/f',
      'img https://px.example/s?seg=a|b',
    ]);
    expect(win.document.body.querySelector('iframe')?.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin');
  });

  it('takes the single form, with or without the ---destpub--- prefix', () => {
    start();
    post(ibs('411', ['https://sync.a.example/1']));
    post(`---destpub---${dests('9', 'https://px.example/2')}`);
    expect(fired()).toEqual(['img https://sync.a.example/1', 'img https://px.example/2']);
  });

  it('fires an ID sync at most once per TTL, remembered in the dextp cookie across page loads', () => {
    start();
    post(combined(ibs('411', ['https://sync.a.example/1'])));
    post(combined(ibs('411', ['https://sync.a.example/1'])));
    expect(fired()).toHaveLength(1);
    expect(win.document.cookie).toMatch(/dextp=411-1-\d+/);
    start(enc(PARENT), [PARENT], true);
    post(combined(ibs('411', ['https://sync.a.example/1'])));
    expect(fired()).toEqual([]);
    // Its TTL over (0 minutes here), it fires again.
    post(combined(ibs('411', ['https://sync.a.example/1'], 0)));
    expect(fired()).toHaveLength(1);
    // Without the cookie (a new browser profile) it fires again.
    start();
    post(combined(ibs('411', ['https://sync.a.example/1'])));
    expect(fired()).toHaveLength(1);
  });

  it('fires a URL destination once per distinct URL while it lives', () => {
    start();
    post(combined(dests('1', 'https://px.example/a'), dests('1', 'https://px.example/a'), dests('1', 'https://px.example/b')));
    expect(fired()).toEqual(['img https://px.example/a', 'img https://px.example/b']);
  });

  it('---destpub-clear-dextp--- forgets every sync record first (after a region change)', () => {
    start();
    post(combined(ibs('411', ['https://sync.a.example/1'])));
    post(`---destpub-clear-dextp---${combined(ibs('411', ['https://sync.a.example/1']))}`);
    expect(fired()).toHaveLength(2);
  });

  it('accepts messages only from its parent window at the origin in its fragment', () => {
    start();
    post(combined(ibs('1', ['https://sync.a.example/1'])), 'https://evil.example');
    post(combined(ibs('2', ['https://sync.a.example/2'])), PARENT, {});
    post({ not: 'a string' });
    expect(fired()).toEqual([]);
    post(combined(ibs('3', ['https://sync.a.example/3'])));
    expect(fired()).toEqual(['img https://sync.a.example/3']);
  });

  it('takes the parent origin from a full page URL in the fragment (dpIframeSrc sends location.href)', () => {
    start(enc(`${PARENT}/news/a.html?x=1`));
    expect(toParent[0]?.[1]).toBe(PARENT);
  });

  it('with no fragment, or a parent the partner does not allow, listens to nothing and says nothing', () => {
    start('');
    post(combined(ibs('1', ['https://sync.a.example/1'])));
    start(enc('https://evil.example'));
    post(combined(ibs('1', ['https://sync.a.example/1'])), 'https://evil.example');
    expect(fired()).toEqual([]);
    expect(toParent).toEqual([]);
  });

  it('fires only http(s) URLs; //host takes the page scheme', () => {
    start();
    post(combined(ibs('1', ['javascript:alert(1)', 'data:text/html,x', '//sync.a.example/p'])));
    expect(fired()).toEqual(['img https://sync.a.example/p']);
  });

  // Outside review (branch attack): the sync ID is written into the dextp cookie as it came.
  // An ID that carries cookie attributes widens the record to the whole DCS domain (every
  // partner's dest5.html then reads it); one that holds the record's separators forges an
  // entry for another sync, which then never fires (a time far in the future).
  it('a sync ID carrying cookie attributes never reaches the dextp cookie: every write has only the attributes of the record', () => {
    start();
    const writes: string[] = [];
    const doc = win.document as unknown as { cookie: string };
    let proto: object | null = Object.getPrototypeOf(doc) as object;
    while (proto && !Object.getOwnPropertyDescriptor(proto, 'cookie')) proto = Object.getPrototypeOf(proto) as object | null;
    const jar = Object.getOwnPropertyDescriptor(proto ?? {}, 'cookie');
    Object.defineProperty(doc, 'cookie', {
      configurable: true,
      get: () => jar?.get?.call(doc) as string,
      set: (value: string) => {
        writes.push(value);
        jar?.set?.call(doc, value);
      },
    });
    post(combined(ibs('411; Domain=dcs.example', ['https://sync.a.example/1']), ibs('412\r\nSet-Cookie: x=1', ['https://sync.a.example/2']), ibs('413', ['https://sync.a.example/3'])));
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write).toMatch(/^dextp=[^;\s]*; Max-Age=\d+; Path=\/; SameSite=None; Secure$/);
    expect(win.document.cookie).toMatch(/dextp=413-1-\d+/);
  });

  it('a sync ID holding the record separators cannot mark another sync as fired', () => {
    start();
    post(combined(ibs('411-1-99999999999999|x', ['https://sync.a.example/forged'])));
    start(enc(PARENT), [PARENT], true);
    post(combined(ibs('411', ['https://sync.a.example/1'])));
    expect(fired()).toEqual(['img https://sync.a.example/1']);
  });
});

describe('dest5.html keeps its record within a cookie', () => {
  // A browser drops a cookie over 4,096 bytes whole: an unbounded dextp record would forget
  // every sync at once. Sync IDs are data source IDs; Visitor caps its own record (649 chars)
  // by dropping entries, as this page does, the oldest fired first.
  const dextp = (): string => win.document.cookie.split('; ').find((pair) => pair.startsWith('dextp=')) ?? '';

  it('300 syncs: the record stays under 4,000 characters and keeps the most recent', () => {
    start();
    const many = Array.from({ length: 300 }, (_, i) => ibs(String(100000 + i), [`https://sync.a.example/${i}`]));
    post(combined(...many.slice(0, 150)));
    post(combined(...many.slice(150)));
    expect(fired()).toHaveLength(300);
    expect(dextp().length).toBeLessThanOrEqual(4000);
    start(enc(PARENT), [PARENT], true);
    post(combined(ibs('100299', ['https://sync.a.example/299'])));
    expect(fired()).toEqual([]);
  });

  it('a sync ID over 64 characters is not fired or recorded', () => {
    start();
    post(combined(ibs('9'.repeat(65), ['https://sync.a.example/long']), ibs('9'.repeat(64), ['https://sync.a.example/ok'])));
    expect(fired()).toEqual(['img https://sync.a.example/ok']);
    expect(dextp()).toMatch(new RegExp(`^dextp=${'9'.repeat(64)}-1-\\d+$`));
  });
});
