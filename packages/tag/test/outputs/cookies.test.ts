// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';
import { domainMatches, segmentCookieOutput, writeCookieDestinations } from '../../src/outputs/cookies';

afterEach(() => {
  for (const pair of document.cookie.split('; ')) if (pair) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

describe('cookie outputs', () => {
  it('matches cookie domains the way browsers scope them', () => {
    expect(domainMatches('www.pub.example', '')).toBe(true);
    expect(domainMatches('www.pub.example', '.pub.example')).toBe(true);
    expect(domainMatches('pub.example', '.pub.example')).toBe(true);
    expect(domainMatches('www.pub.example', 'PUB.example')).toBe(true);
    expect(domainMatches('evilpub.example', '.pub.example')).toBe(false);
    expect(domainMatches('pub.example', '.other.example')).toBe(false);
  });

  it('writes cookie destinations for this host only, drops malformed ones, and writes an attribute in a value as text', () => {
    writeCookieDestinations(document, [
      { name: 'aud_seg', value: 'seg=5001,5002', days: 30, domain: '.' },
      { name: 'elsewhere', value: '1', days: 30, domain: '.other.example' },
      { name: 'bad;name', value: '1', days: 30, domain: '.' },
      { name: 'inject', value: '1; Domain=evil.example', days: 30, domain: '.' },
      { name: 'nottl', value: '1', days: 0, domain: '.' },
    ], () => localStorage, 'acme');
    // `; Domain=…` in a value is text, percent-encoded: never an attribute.
    expect(document.cookie).toBe('aud_seg=seg=5001%2C5002; inject=1%3B%20Domain=evil.example');
  });

  it('keeps the segment cookie in step with the segments, removing it when there are none', () => {
    const out = segmentCookieOutput(document, { name: 'aud', days: 30 });
    out(['5001', '5002']);
    expect(document.cookie).toBe('aud=5001|5002');
    out([]);
    expect(document.cookie).toBe('');
  });

  // Outside review (hostile DCS answers): 601 segments joined take 4,206 bytes; the browser
  // dropped the write and the cookie kept the previous answer's segments.
  it('holds as many segments as one cookie keeps (4096 bytes with its name), in the DCS order', () => {
    const out = segmentCookieOutput(document, { name: 'aud', days: 30 });
    out(['5001']);
    const many = Array.from({ length: 601 }, (_, i) => String(100000 + i));
    out(many);
    const value = document.cookie.replace(/^aud=/, '');
    const kept = value.split('|');
    expect(kept[0]).toBe('100000');
    expect(kept).toEqual(many.slice(0, kept.length));
    expect('aud='.length + value.length).toBeLessThanOrEqual(4096);
    expect('aud='.length + value.length + '|100000'.length).toBeGreaterThan(4096);
  });

  it('remembers the destinations it wrote, so a withdrawal or an opt-out removes them, and only them', async () => {
    document.cookie = 'publisher_own=1; Path=/';
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' }], () => localStorage, 'acme');
    writeCookieDestinations(document, [{ name: 'aud_more', value: '1', days: 30, domain: '.' }, { name: 'aud_seg', value: 'seg=5002', days: 30, domain: '.' }], () => localStorage, 'acme');
    expect(localStorage.getItem('ar_cd_acme')).toBe('aud_seg||16,aud_more||10');
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(document.cookie).toBe('publisher_own=1');
    expect(localStorage.getItem('ar_cd_acme')).toBeNull();
  });

  // Without a record, what a DCS wrote could be neither counted against its limits nor
  // removed at a withdrawal: so nothing is written (storage blocked means site data blocked,
  // where the cookie would not be kept either).
  it('with storage blocked, writes nothing and throws nothing', () => {
    const blocked = (): Storage => {
      throw new DOMException('denied', 'SecurityError');
    };
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' }], blocked, 'acme');
    expect(document.cookie).toBe('');
    // The same destination, with storage: written (the test can fail).
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' }], () => localStorage, 'acme');
    expect(document.cookie).toBe('aud_seg=seg=5001');
    expect(() => clearCookieDestinations(document, blocked, 'acme')).not.toThrow();
  });
});

describe('cookie destinations cannot write names the tag owns (issue 19)', () => {
  it("never writes an ar_ cookie (opt-out marker, device-ID copy) nor a partner's configured cookie output", () => {
    writeCookieDestinations(
      document,
      [
        { name: 'ar_optout_beta', value: '1', days: 400, domain: '.' },
        { name: 'AR_uuid_beta', value: '1'.repeat(38), days: 180, domain: '.' },
        { name: 'beta_seg', value: 'planted', days: 30, domain: '.' },
        { name: 'fine', value: '1', days: 30, domain: '.' },
      ],
      () => localStorage,
      'acme',
      (name) => name === 'beta_seg',
    );
    expect(document.cookie).toBe('fine=1');
  });
});
