// The script of dest5.html, the destination-publishing iframe. It runs in the browser, but
// mock-dcs is type-checked for Node only: the few browser objects it touches are described
// here, structurally. It is serialized with Function.prototype.toString into the page (and
// allowed there by its hash), so it must stay self-contained: no imports, no outer names.

interface PageElement {
  src: string;
  style: { cssText: string };
  setAttribute(name: string, value: string): void;
  textContent: string | null;
}

interface PageMessage {
  source: unknown;
  origin: string;
  data: unknown;
}

/** The parts of `window` the page uses. */
export interface Dest5Window {
  location: { hash: string; protocol: string };
  parent: { postMessage(message: string, targetOrigin: string): void };
  document: {
    cookie: string;
    body: { appendChild(node: PageElement): void } | null;
    createElement(tag: 'img' | 'iframe'): PageElement;
    getElementById(id: string): PageElement | null;
  };
  addEventListener(type: 'message', listener: (event: PageMessage) => void): void;
}

/**
 * Takes the destination-publishing messages of Adobe's ID service and DIL from its parent —
 * only from its parent window, and only at the origin its fragment names, which must be one
 * of the partner's allowed origins — and fires what they ask for:
 *
 * - `---destpub-combined---` then messages joined with the literal `%01`, or one message
 *   alone (optionally after `---destpub---`); each message `|`-joined, each field
 *   percent-encoded;
 * - `ibs|<id>|<img or iframe>|<url>,<url>|<ttl minutes>|||<fireURLSync>`: an ID sync (an ID
 *   of 1-64 letters, digits and `_`; any other is ignored), fired at most once per TTL,
 *   remembered in the `dextp` cookie (`<id>-1-<ms fired>|…`, as Audience Manager's; at most
 *   3,900 characters, the oldest fired dropped first) and in memory when cookies cannot be set;
 * - `dests|<id>|<img or iframe>|<url>`: a URL destination, fired once per distinct URL
 *   while the page lives;
 * - `---destpub-clear-dextp---` before the rest: forget every sync record (region change).
 *
 * Under a global opt-out (`dextp=NOTARGET`, set by `/demoptout.jpg`) no ID sync fires and
 * the record is left as it is.
 *
 * An ID sync's URLs may hold the ID service's macros (idSyncByURL, idSyncByDataSource): `%DID%`
 * becomes the device ID of the DCS cookie (named in the page's `device-cookie` data block;
 * empty without one), `%TIMESTAMP%` the time in ms, `%HTTP_PROTO%` this page's scheme.
 *
 * On start it tells the parent `---destpub-to-parent---canSetThirdPartyCookies|true` (or
 * `|false`). Only `http:` and `https:` URLs are fired (`//host` takes the page's scheme).
 */
export function dest5Page(win: Dest5Window): void {
  const COMBINED = '---destpub-combined---';
  const CLEAR = '---destpub-clear-dextp---';
  const SINGLE = /^---destpub(-debug)?---/;
  const RECORD = 'dextp';
  const MAX_MESSAGE = 65536;
  const MAX_PARTS = 200;
  // A browser drops a cookie over 4,096 bytes whole; the record stays well under.
  const MAX_RECORD = 3900;
  const MAX_DESTS = 500;
  // A sync ID is written into the dextp cookie: letters, digits and `_` only, so no ID can add
  // cookie attributes (`; Domain=` would share the record with every partner's host) or the
  // record's own separators (`|`, `-1-`: a forged entry would silence another sync).
  const SYNC_ID = /^[A-Za-z0-9_]{1,64}$/;
  const doc = win.document;

  let parentOrigin = '';
  try {
    const named = new URL(decodeURIComponent(win.location.hash.slice(1)));
    if (named.protocol === 'http:' || named.protocol === 'https:') parentOrigin = named.origin;
  } catch {
    parentOrigin = '';
  }
  let allowed: unknown = [];
  try {
    allowed = JSON.parse(doc.getElementById('allowed-origins')?.textContent ?? '[]');
  } catch {
    allowed = [];
  }
  // A page that names no parent, or one the partner does not allow, takes no message at all.
  if (!parentOrigin || !Array.isArray(allowed) || allowed.indexOf(parentOrigin) < 0) return;

  const cookieAttributes = '; Path=/; SameSite=None; Secure';
  const canSetCookies = ((): boolean => {
    try {
      doc.cookie = `dextp_test=1; Max-Age=60${cookieAttributes}`;
      const ok = doc.cookie.split('; ').indexOf('dextp_test=1') >= 0;
      doc.cookie = `dextp_test=; Max-Age=0${cookieAttributes}`;
      return ok;
    } catch {
      return false;
    }
  })();

  let deviceCookie: unknown = '';
  try {
    deviceCookie = JSON.parse(doc.getElementById('device-cookie')?.textContent ?? '""');
  } catch {
    deviceCookie = '';
  }
  // The device ID for %DID%: only a 38-digit ID (never NOTARGET, never cookie text) reaches a URL.
  const deviceId = ((): string => {
    const entry = doc.cookie.split('; ').find((pair) => typeof deviceCookie === 'string' && deviceCookie !== '' && pair.indexOf(`${deviceCookie}=`) === 0);
    const value = entry ? entry.slice((deviceCookie as string).length + 1) : '';
    return /^\d{38}$/.test(value) ? value : '';
  })();
  const macros = (url: string): string =>
    url
      .replace(/%DID%/gi, deviceId)
      .replace(/%TIMESTAMP%/gi, String(Date.now()))
      .replace(/%HTTP_PROTO%/gi, win.location.protocol.replace(':', ''));

  const fired = new Map<string, number>();
  // After a global opt-out the DCS set dextp=NOTARGET: this device fires and records no sync.
  const optedOut = doc.cookie.split('; ').indexOf(`${RECORD}=NOTARGET`) >= 0;
  const readRecord = (): void => {
    const entry = doc.cookie.split('; ').find((pair) => pair.indexOf(`${RECORD}=`) === 0);
    for (const item of (entry ? entry.slice(RECORD.length + 1) : '').split('|')) {
      const match = /^(.+)-1-(\d+)$/.exec(item);
      if (match) fired.set(match[1] as string, Number(match[2]));
    }
  };
  const writeRecord = (): void => {
    if (optedOut) return;
    // Oldest fired first, so that when the record is too long those are the ones dropped
    // (from memory too: what the record forgets, the page does).
    const entries: Array<[string, number]> = [];
    fired.forEach((time, id) => entries.push([id, time]));
    entries.sort((a, b) => a[1] - b[1]);
    let items = entries.map(([id, time]) => `${id}-1-${time}`);
    let length = items.join('|').length;
    while (length > MAX_RECORD) {
      length -= (items[0] as string).length + 1;
      fired.delete((entries.shift() as [string, number])[0]);
      items = items.slice(1);
    }
    if (canSetCookies) doc.cookie = `${RECORD}=${items.join('|')}; Max-Age=15552000${cookieAttributes}`;
  };
  if (canSetCookies) readRecord();

  const decode = (field: string | undefined): string => {
    try {
      return decodeURIComponent(field ?? '');
    } catch {
      return '';
    }
  };
  const fire = (tag: string, raw: string): void => {
    const url = raw.indexOf('//') === 0 ? win.location.protocol + raw : raw;
    if (!/^https?:\/\//i.test(url) || !doc.body) return;
    const element = doc.createElement(tag === 'iframe' ? 'iframe' : 'img');
    element.style.cssText = 'display:none;width:0;height:0;border:0';
    if (tag === 'iframe') element.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    element.setAttribute('referrerpolicy', 'no-referrer');
    element.src = url;
    doc.body.appendChild(element);
  };
  const destsFired = new Set<string>();

  const handleOne = (message: string): void => {
    const fields = message.split('|');
    const id = decode(fields[1]);
    const tag = decode(fields[2]);
    if (!id) return;
    if (fields[0] === 'ibs') {
      if (optedOut || !SYNC_ID.test(id)) return;
      const ttlMinutes = Number(decode(fields[4])) || 0;
      const last = fired.get(id);
      if (last !== undefined && Date.now() - last < ttlMinutes * 60000) return;
      for (const url of (fields[3] ?? '').split(',').slice(0, MAX_PARTS)) fire(tag, macros(decode(url)));
      fired.set(id, Date.now());
      writeRecord();
    } else if (fields[0] === 'dests') {
      const url = decode(fields[3]);
      if (destsFired.has(`${id} ${url}`)) return;
      destsFired.add(`${id} ${url}`);
      if (destsFired.size > MAX_DESTS) destsFired.delete(destsFired.values().next().value as string);
      fire(tag, url);
    }
  };

  win.addEventListener('message', (event) => {
    if (event.source !== win.parent || event.origin !== parentOrigin || typeof event.data !== 'string') return;
    let data = event.data;
    if (data.length > MAX_MESSAGE) return;
    if (data.indexOf(CLEAR) === 0) {
      fired.clear();
      writeRecord();
      data = data.slice(CLEAR.length);
    }
    const messages = data.indexOf(COMBINED) === 0 ? data.slice(COMBINED.length).split('%01') : [data.replace(SINGLE, '')];
    for (const message of messages.slice(0, MAX_PARTS)) handleOne(message);
  });
  win.parent.postMessage(`---destpub-to-parent---canSetThirdPartyCookies|${canSetCookies}`, parentOrigin);
}
