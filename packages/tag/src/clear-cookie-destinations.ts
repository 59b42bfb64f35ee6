import { MAX_COOKIES, NativePromise } from '@audience-relay/protocol';
import { destinationsKey, isWritableName, OUTPUT_NAMES, readCookies, recordOf, removeCookie, siteRecord, writeCookie } from './cookie';
import { later } from './platform';

// The clean-up of a partner's cookie destinations, on its own: its Cookie Store, taken at start,
// is no part of the outputs bundle, which writes them but never removes them.

/**
 * Whether `host` is the top of its site: no domain above it takes a cookie (`pub.example`
 * under `example`, `pub.co.uk` under `co.uk`: public suffixes). Asked by writing a cookie there
 * and reading it back, as analytics tags find a site's domain; only at a clean-up.
 */
function isSiteTop(doc: Document, host: string): boolean {
  if (!host.includes('.')) return true;
  const parent = host.slice(host.indexOf('.') + 1);
  writeCookie(doc, 'ar_top', '1', 1, parent);
  const taken = readCookies(doc).split('; ').includes('ar_top=1');
  if (taken) removeCookie(doc, 'ar_top', parent);
  return !taken;
}

/**
 * The Cookie Store's `getAll`, taken at start (a page may replace it later), where the browser
 * has it (Chromium, Safari 18.4): the clean-up reads the site record through it. A
 * `document.cookie` read is a synchronous round trip to the browser on the page's main thread:
 * 6-9 ms on every page view of a visitor who refused consent (bench:host-cpu, session o), where
 * the clean-up almost always finds nothing.
 */
let getAll: ((name: string) => Promise<ReadonlyArray<{ value?: unknown }>>) | null = null;
try {
  const store = (globalThis as { cookieStore?: { getAll(name: string): Promise<ReadonlyArray<{ value?: unknown }>> } }).cookieStore;
  if (typeof store?.getAll === 'function') getAll = store.getAll.bind(store);
} catch {
  // A page whose `cookieStore` getter throws: `document.cookie` it is.
}

/**
 * Removes the cookie destinations we wrote for `partner` (consent withdrawn, opt-out): they
 * carry segments, which server-side ad calls would go on using. Blocked storage: nothing to do
 * (nothing is written without a record). This origin's record is taken (and removed) at once;
 * the site-wide record is read from the jar through the Cookie Store where there is one, and the
 * cookies go once it answers (a millisecond or two), else at once.
 */
export function clearCookieDestinations(doc: Document, storage: () => Storage, partner: string): Promise<void> {
  const key = destinationsKey(partner);
  let cleared = (): void => {};
  // Settles once the cookies are gone (tests wait on it; the tag does not).
  const gone = new NativePromise<void>((resolve) => (cleared = resolve));
  let outputs: Array<string | undefined>;
  let mine: string[][];
  try {
    const store = storage();
    outputs = recordOf(store, OUTPUT_NAMES).map(([name]) => name);
    mine = recordOf(store, key);
    store.removeItem(key);
  } catch {
    // Storage blocked: nothing was written.
    cleared();
    return gone;
  }
  let done = false;
  const clear = (record: string[]): void => {
    if (done) return;
    done = true;
    try {
      // The site-wide record too: what a page on another host of the site wrote with a Domain,
      // which this origin's storage does not know. Only for a domain above this host (a sibling
      // host that planted an entry could remove such a cookie itself; not this host's own
      // Domain= cookies), or this host's own where it is the site's top (`pub.example`, served
      // without www.: every host of the site may remove its Domain= cookies anyway), and at most
      // as many entries as the tag records (a planted record of hundreds would cost as many
      // synchronous cookie writes). The record itself goes wherever it is, this host's included.
      const host = doc.location.hostname;
      const domains: string[] = [];
      let top: boolean | undefined;
      for (const entry of record.slice(0, 2 * MAX_COOKIES)) {
        const [name, dotted = ''] = entry.split(':');
        const domain = dotted.replace(/^\./, '');
        const above = host.endsWith(`.${domain}`);
        if (!above && domain !== host) continue;
        if ((above || (top ??= isSiteTop(doc, host))) && name && isWritableName(name) && !outputs.includes(name)) removeCookie(doc, name, domain);
        if (!domains.includes(domain)) {
          removeCookie(doc, key, domain);
          domains.push(domain);
        }
      }
      // A record with no domain (an older version's, of a `dmn` of "."): host-only, ours to remove.
      if (record.length > 0) removeCookie(doc, key);
      for (const [name, domain] of mine) if (!outputs.includes(name)) removeCookie(doc, name!, domain);
    } catch {
      // No cookie jar (see readCookies): nothing to remove.
    }
    cleared();
  };
  // (Not read again once the Cookie Store has answered: the timer below still fires.)
  const fromJar = (): void => {
    if (done) return;
    let record: string[] = [];
    try {
      record = siteRecord(doc, key);
    } catch {
      // A page's Array.prototype broken since we started: this origin's own record still goes.
    }
    clear(record);
  };
  try {
    if (!getAll) {
      fromJar();
      return gone;
    }
    // A Cookie Store whose answer never comes (a page's Promise.prototype.then replaced, which
    // holds it): the jar is read after 200 ms instead.
    later(fromJar, 200);
    // What throws in either (a page's Array.prototype replaced since we started) stays ours:
    // the timer still reads the jar.
    getAll(key)
      .then((cookies) => clear(cookies.flatMap(({ value }) => (typeof value === 'string' ? value.split('|') : []))), fromJar)
      .then(undefined, () => {});
  } catch {
    // No timers, or a Cookie Store that throws: the jar, now.
    fromJar();
  }
  return gone;
}
