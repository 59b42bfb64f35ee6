// @vitest-environment happy-dom
// attack7: cookie destinations written with a Domain reach every host of the site, and the
// record the tag removes them by was one origin's localStorage. They are recorded site-wide too
// (a cookie `ar_cd_<partner>` on that domain), which a clean-up on any host reads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie, siteRecord } from '../../src/cookie';
import { writeCookieDestinations } from '../../src/outputs/cookies';

const names = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
});
afterEach(() => {
  for (const name of names()) {
    removeCookie(document, name);
    removeCookie(document, name, '.pub.example');
  }
  localStorage.clear();
});

describe('the site-wide record of Domain cookie destinations', () => {
  it('records the names written with a Domain, not the host-only ones, merged with what is there', () => {
    document.cookie = 'ar_cd_acme=aud_old:pub.example; Domain=.pub.example; Path=/';
    writeCookieDestinations(
      document,
      [
        { name: 'aud_seg', value: '5001', days: 30, domain: '.pub.example' },
        { name: 'aud_here', value: '5001', days: 30, domain: '.' },
      ],
      () => localStorage,
      'acme',
    );
    // By the domain as the browser takes it: `.pub.example` is `pub.example`.
    expect(siteRecord(document, 'ar_cd_acme').sort()).toEqual(['aud_old:pub.example', 'aud_seg:pub.example']);
  });

  it('a blank domain (Audience Manager\'s default, "all domains") is written as DIL writes it: the host without www., recorded', async () => {
    writeCookieDestinations(document, [{ name: 'aud_all', value: '5001', days: 30, domain: '' }], () => localStorage, 'acme');
    expect(siteRecord(document, 'ar_cd_acme')).toEqual(['aud_all:pub.example']);
    // Removed by that domain: nothing of it is left on www.
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });

  it('a blank domain on a host that is no domain (localhost, an IP address) is this host\'s cookie', () => {
    for (const url of ['http://localhost:8080/', 'http://127.0.0.1:8080/']) {
      (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
      writeCookieDestinations(document, [{ name: 'aud_all', value: '5001', days: 30, domain: '' }], () => localStorage, 'acme');
      expect(siteRecord(document, 'ar_cd_acme')).toEqual([]);
      expect(names()).toEqual(['aud_all']);
      removeCookie(document, 'aud_all');
      localStorage.clear();
    }
  });

  it('a clean-up on a host whose storage knows nothing (another host of the site) removes them and the record', async () => {
    writeCookieDestinations(document, [{ name: 'aud_seg', value: '5001', days: 30, domain: '.pub.example' }], () => localStorage, 'acme');
    expect(names()).toEqual(['ar_cd_acme', 'aud_seg']);
    // Another host: its own storage has no record of them.
    localStorage.clear();
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });

  it('never removes through it a name the tag would not write (an ar_ name, a __Host- one) nor a partner\'s cookie output', async () => {
    document.cookie = 'ar_uuid_x=1; Domain=.pub.example; Path=/';
    document.cookie = 'seg_out=1; Domain=.pub.example; Path=/';
    document.cookie = 'aud_seg=1; Domain=.pub.example; Path=/';
    localStorage.setItem('ar_cd__outputs', 'seg_out||0');
    document.cookie = 'ar_cd_acme=ar_uuid_x:.pub.example|seg_out:.pub.example|aud_seg:.pub.example; Domain=.pub.example; Path=/';
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual(['ar_uuid_x', 'seg_out']);
  });
});
