// The fields of Adobe's answers that its own clients read, beyond the documented table:
// what VisitorAPI.js and DIL 9.5 (github Adobe-Marketing-Cloud/id-service and /dil) do with
// each, and what a captured demdex.net /event answer carries.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const EVENT = '/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_section=sports';
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`;

function config(): MockDcsConfig {
  return {
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins: ['https://www.publisher.example'],
        orgId: ORG,
        traits: [{ id: 1001, rule: 'c_section == "sports"' }],
        segments: [{ id: 5001, rule: '1001T' }],
        destinations: [
          { id: 2523, url: 'https://px.partner.example/s?seg=%ALIAS%', segments: { 5001: 'sports' } },
          { id: 2524, url: 'https://px.other.example/s?seg=%ALIAS%', segments: { 5001: 'sports' }, hideReferrer: false },
        ],
        idSyncs: [
          { id: 411, dpid: 411, url: 'https://sync.partner.example/p?uid=${DD_UUID}', ttlMinutes: 10080 },
          { id: 771, dpid: 771, url: 'https://cm.partner.example/pixel?uid=${DD_UUID}', ttlMinutes: 20160, fireURLSync: true, syncOnPage: true },
        ],
      },
    },
  };
}

const dcs = mockDcsPerFile(config());

describe('ibs entries: fireURLSync and syncOnPage, as the real DCS sends them', () => {
  // VisitorAPI's process(): an entry with syncOnPage fires on the page (its record MCSYNCSOP),
  // never through the iframe; otherwise, when the iframe says it cannot set third-party
  // cookies, only entries with fireURLSync fire (on the page, record MCSYNCS). Without the
  // two fields a Visitor page whose browser blocks third-party cookies fires no ID sync.
  it('/event: every entry carries both as 0 or 1; a sync configured with them gives 1', async () => {
    const body = (await call(dcs().port, EVENT)).json();
    expect(body.ibs).toEqual([
      { id: '411', ttl: 10080, tag: 'img', fireURLSync: 0, syncOnPage: 0, url: [expect.stringMatching(/^https:\/\/sync\.partner\.example\/p\?uid=\d{38}$/)] },
      { id: '771', ttl: 20160, tag: 'img', fireURLSync: 1, syncOnPage: 1, url: [expect.stringMatching(/^https:\/\/cm\.partner\.example\/pixel\?uid=\d{38}$/)] },
    ]);
  });

  it('/id: the ID service answer carries them too', async () => {
    const body = (await call(dcs().port, ID)).json();
    expect(body.ibs).toEqual([
      expect.objectContaining({ id: '411', fireURLSync: 0, syncOnPage: 0 }),
      expect.objectContaining({ id: '771', fireURLSync: 1, syncOnPage: 1 }),
    ]);
  });

  it('a config with either flag not a boolean is refused with its path', () => {
    const bad = config();
    (bad.partners.acme!.idSyncs![0] as unknown as Record<string, unknown>).syncOnPage = 'yes';
    (bad.partners.acme!.idSyncs![1] as unknown as Record<string, unknown>).fireURLSync = 1;
    expect(() => dcs().setConfig(bad)).toThrow(/idSyncs\[0\]\.syncOnPage: expected true or false[\s\S]*idSyncs\[1\]\.fireURLSync: expected true or false/);
  });
});

describe('dests entries: hr (hide referrer), as the real DCS sends it', () => {
  // DIL 9.5 reads each entry's hr as hideReferrer (absent counts as 1); Visitor's
  // publishDestinations sends a hideReferrer destination to its iframe and fires any other
  // as an image on the page, where the page's URL is its referrer.
  it('every entry carries hr: 1 by default, 0 for a destination configured hideReferrer: false', async () => {
    const body = (await call(dcs().port, EVENT)).json();
    expect(body.dests).toEqual([
      { hr: 1, id: '2523', y: 'img', c: 'https://px.partner.example/s?seg=sports', e: 'https://px.partner.example/s?seg=sports' },
      { hr: 0, id: '2524', y: 'img', c: 'https://px.other.example/s?seg=sports', e: 'https://px.other.example/s?seg=sports' },
    ]);
  });

  it('a hideReferrer that is not a boolean is refused with its path', () => {
    const bad = config();
    (bad.partners.acme!.destinations![0] as unknown as Record<string, unknown>).hideReferrer = 'no';
    expect(() => dcs().setConfig(bad)).toThrow(/destinations\[0\]\.hideReferrer: expected true or false/);
  });
});

describe('URLs as demdex.net writes them (//host/path)', () => {
  it('an ID sync or destination URL may be //host/path; ///path, // host or a URL with a space is refused', () => {
    const good = config();
    good.partners.acme!.idSyncs![0]!.url = '//sync.partner.example/p?uid=${DD_UUID}';
    good.partners.acme!.destinations![0]!.url = '//px.partner.example/s?seg=%ALIAS%';
    expect(() => dcs().setConfig(good)).not.toThrow();
    for (const url of ['///sync.partner.example/p', '// sync.partner.example/p', '//sync.partner.example/p q']) {
      const bad = config();
      bad.partners.acme!.idSyncs![0]!.url = url;
      expect(() => dcs().setConfig(bad)).toThrow(/idSyncs\[0\]: expected \{ id, dpid, url: http\(s\) or \/\/host URL, ttlMinutes \}/);
    }
  });

  it('answers them as configured, for the client to give its scheme', async () => {
    const good = config();
    good.partners.acme!.idSyncs = [{ id: 21, dpid: 21, url: '//aa.sync.example/g.pixel?aam=${DD_UUID}', ttlMinutes: 14400 }];
    dcs().setConfig(good);
    const body = (await call(dcs().port, EVENT)).json();
    expect((body.ibs as Array<{ url: string[] }>)[0]?.url).toEqual([`//aa.sync.example/g.pixel?aam=${body.uuid as string}`]);
  });
});
