// @vitest-environment happy-dom
// attack9: each `document.cookie` read is a synchronous round trip to the browser process in
// Chromium (1-17 ms on a busy page, cookie.ts), which is why cookie.ts keeps the jar for the
// task and the site record "is read only then". But writeCookieDestinations rewrites the
// site-wide record once per recorded Domain entry, not once per domain: `for (… of mine)`
// writes the same `ar_cd_<partner>` cookie again for every entry, and each write empties the
// kept jar, so each following `siteRecord()` reads the jar again. An answer that carries the
// DCS's ten Domain destinations (every answer does, when their values are the segments) costs
// ten more jar reads and ten identical record writes on the main thread (double the cost of
// ten host-only ones), on every event call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let reads = 0;
let writes = 0;
let owner: object;
let real: PropertyDescriptor;

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
  owner = Object.getPrototypeOf(document) as object;
  while (!Object.getOwnPropertyDescriptor(owner, 'cookie')) owner = Object.getPrototypeOf(owner) as object;
  real = Object.getOwnPropertyDescriptor(owner, 'cookie')!;
  Object.defineProperty(owner, 'cookie', {
    configurable: true,
    get() {
      reads++;
      return real.get!.call(this);
    },
    set(value: string) {
      writes++;
      real.set!.call(this, value);
    },
  });
});
afterEach(() => {
  Object.defineProperty(owner, 'cookie', real);
  for (const pair of document.cookie ? document.cookie.split('; ') : []) {
    document.cookie = `${pair.split('=')[0]}=; Max-Age=-1; Path=/; Domain=.pub.example`;
    document.cookie = `${pair.split('=')[0]}=; Max-Age=-1; Path=/`;
  }
  localStorage.clear();
});

describe('attack9: the site record costs one write per domain', () => {
  // Fixed (session j) in outputs/cookies.ts: the site record is written once per domain, however many destinations it has.
  it('ten Domain destinations of one domain: one record write, at most one more jar read', async () => {
    vi.resetModules();
    const { writeCookieDestinations } = await import('../../src/outputs/cookies');
    const answer = Array.from({ length: 10 }, (_, i) => ({ name: `aud_${i}`, value: '5001|5002', days: 30, domain: '.pub.example' }));
    reads = writes = 0;
    writeCookieDestinations(document, answer, () => localStorage, 'acme');
    // On ffbc4a0: reads 20, writes 20 (ten identical writes of ar_cd_acme, each followed by a
    // jar read), within one task; ten host-only destinations: 10 and 10.
    expect({ reads: reads <= 11, writes }).toEqual({ reads: true, writes: 11 });
  });
});

describe('attack9: baseline', () => {
  // Ten host-only destinations: one write each, and (since session n, whose writer records
  // them before writing any: attack14's full storage) one jar read for all, not one each.
  it('ten host-only destinations: one jar read, ten writes', async () => {
    vi.resetModules();
    const { writeCookieDestinations } = await import('../../src/outputs/cookies');
    reads = writes = 0;
    writeCookieDestinations(document, Array.from({ length: 10 }, (_, i) => ({ name: `aud_${i}`, value: '5001|5002', days: 30, domain: '.' })), () => localStorage, 'acme');
    expect({ reads, writes }).toEqual({ reads: 1, writes: 10 });
  });
});
