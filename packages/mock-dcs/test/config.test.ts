import { describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, demoConfig } from '../src/index';

/** The problems `compileConfig` names for `input`, which it must refuse with a ConfigError. */
function problemsOf(input: unknown): readonly string[] {
  try {
    compileConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('compileConfig took the config');
}

describe('mock-dcs config', () => {
  it('accepts the built-in demo config', () => {
    const compiled = compileConfig(demoConfig());
    expect(compiled.partners.get('acme')?.segments.map((s) => s.id)).toEqual([5001, 5002, 5003, 5004]);
  });

  it('lists every problem with its path', () => {
    const problems = problemsOf({
      defaultPartner: 'nobody',
      partners: {
        acme: {
          allowedOrigins: ['https://ok.example', 'https://bad.example/path'],
          traits: [{ id: 1, rule: 'c_a == ' }, { id: 1, rule: 'c_b == "x"' }, { id: 'two' }],
          segments: [{ id: 9, rule: '1T AND 77T' }],
        },
      },
    });
    expect(problems).toEqual([
      'partners.acme.allowedOrigins[1]: expected an origin such as "https://www.publisher.example"',
      'partners.acme.traits[0].rule: expected a quoted string or a number at character 8',
      'partners.acme.traits[1].id: trait 1 is defined twice',
      'partners.acme.traits[2]: expected { id: positive integer, rule?: string, dpid?: number }',
      'partners.acme.segments[0].rule: trait 77 is not defined for this partner',
      'defaultPartner: "nobody" is not one of the partners',
    ]);
  });

  // New-user trial (trial4): a QA config with `rul` for `rule` ran, its trait quietly a pixel
  // trait that never qualified; `idSync` for `idSyncs` quietly synced nothing.
  it('names every key the format does not have, at each level, as it names other problems', () => {
    const problems = problemsOf({
      defaultPartner: 'acme',
      partner: {},
      partners: {
        acme: {
          allowedOrigins: ['https://ok.example'],
          idSync: [],
          dataSources: [{ id: 777, nme: 'x' }],
          contentProviders: [{ id: 1, dpid: 777, url: 'http://127.0.0.1:1/s?u=${DPUUID}', timeoutMs: 300, timeout: 300 }],
          traits: [{ id: 1, rul: 'c_a == "x"' }],
          segments: [{ id: 9, rule: '1T', legacyid: 3 }],
          destinations: [{ id: 1, url: 'https://d.example/?a=%ALIAS%', segments: { 9: 'x' }, serialize: { delimiter: ',', delimter: ';' }, hideReferer: false }],
          cookieDestinations: [{ name: 'seg', ttlDays: 1, segments: { 9: 'x' }, ttl: 1 }],
          idSyncs: [{ id: 2, dpid: 777, url: 'https://s.example/?u=${DD_UUID}', ttlMinutes: 1, ttlMinute: 1 }],
        },
      },
    });
    for (const path of [
      'partner',
      'partners.acme.idSync',
      'partners.acme.dataSources[0].nme',
      'partners.acme.contentProviders[0].timeout',
      'partners.acme.traits[0].rul',
      'partners.acme.segments[0].legacyid',
      'partners.acme.destinations[0].hideReferer',
      'partners.acme.destinations[0].serialize.delimter',
      'partners.acme.cookieDestinations[0].ttl',
      'partners.acme.idSyncs[0].ttlMinute',
    ]) {
      expect(problems.filter((problem) => problem.startsWith(`${path}: unknown option`) && problem.includes(' (expected ')), path).toHaveLength(1);
    }
    expect(problems).toContain('partners.acme.traits[0].rul: unknown option; did you mean rule? (expected id, name, rule, dpid)');
    // No suggestion of a key the object already has (timeoutMs is there beside timeout).
    expect(problems).toContain('partners.acme.contentProviders[0].timeout: unknown option (expected id, name, dpid, url, timeoutMs)');
    expect(problems).toHaveLength(10);
  });

  it('takes an allowed origin written with a trailing "/" (as an address bar shows it) as that origin', () => {
    const compiled = compileConfig({ partners: { acme: { allowedOrigins: ['https://www.publisher.example/', 'http://my-site.localhost:8080/'] } } });
    expect([...compiled.partners.get('acme')!.allowedOrigins]).toEqual(['https://www.publisher.example', 'http://my-site.localhost:8080']);
    expect(() => compileConfig({ partners: { acme: { allowedOrigins: ['https://www.publisher.example//'] } } })).toThrow(ConfigError);
  });

  // attack7: the frame's build (audience-relay-frame --allow) takes an origin written in any
  // form a browser reads as it and serializes it; this config refused the same list with no
  // reason ("expected an origin such as …"), so one list of origins could not serve both.
  it('takes an allowed origin written in another form of it (letter case, a default port, an IDN) as browsers serialize it', () => {
    const compiled = compileConfig({
      partners: { acme: { allowedOrigins: ['HTTPS://WWW.Publisher.example', 'https://news.publisher.example:443/', 'http://shop.publisher.localhost:80', 'https://bücher.example'] } },
    });
    expect([...compiled.partners.get('acme')!.allowedOrigins]).toEqual([
      'https://www.publisher.example',
      'https://news.publisher.example',
      'http://shop.publisher.localhost',
      'https://xn--bcher-kva.example',
    ]);
    for (const value of ['https://user@www.publisher.example', 'https://www.publisher.example/news', 'https://www.publisher.example?x', 'ftp://publisher.example']) {
      expect(() => compileConfig({ partners: { acme: { allowedOrigins: [value] } } }), value).toThrow(ConfigError);
    }
  });

  // New-user trial (trial3): "https://*.publisher.example" was taken as an origin; the frame and
  // CORS compare origins exactly, so no page could ever connect, with no word why.
  it('refuses a wildcard origin, naming it: origins are compared exactly', () => {
    const problems = problemsOf({ partners: { acme: { allowedOrigins: ['https://www.publisher.example', 'https://*.publisher.example', 'http://*.localhost:8080'] } } });
    expect(problems).toEqual([
      'partners.acme.allowedOrigins[1]: "https://*.publisher.example": no wildcards, list each origin (origins are compared exactly)',
      'partners.acme.allowedOrigins[2]: "http://*.localhost:8080": no wildcards, list each origin (origins are compared exactly)',
    ]);
  });

  // New-user trial 6: a provider's URL template with a privacy parameter in it (copied from
  // mock-dcs-provider-check's own report line, `GET …?uid=…&gdpr=0&us_privacy=1YNN`) was taken;
  // the DCS then appends the page's values after it, and an EU visitor's call reads
  // `…&gdpr=0&…&gdpr=1&gdpr_consent=…`: a provider reading the first value sees GDPR not applying.
  it('refuses a content provider URL that carries a privacy parameter the DCS appends itself', () => {
    const problems = problemsOf({
      partners: {
        acme: {
          allowedOrigins: ['https://ok.example'],
          contentProviders: [
            { id: 1, dpid: 777, url: 'http://127.0.0.1:1/s?uid=${DPUUID}&gdpr=0&us_privacy=1YNN', timeoutMs: 300 },
            { id: 2, dpid: 778, url: 'http://127.0.0.1:1/s/${DPUUID}?GPP_SID=7', timeoutMs: 300 },
            { id: 3, dpid: 779, url: 'http://127.0.0.1:1/s?uid=${DPUUID}&gdpr_ok=1', timeoutMs: 300 },
          ],
        },
      },
    });
    expect(problems).toEqual([
      'partners.acme.contentProviders[0].url: has gdpr, us_privacy, which the DCS appends itself with the page\'s values: remove them',
      'partners.acme.contentProviders[1].url: has gpp_sid, which the DCS appends itself with the page\'s values: remove them',
    ]);
  });
  // New-user trial 16: a template with a #fragment was taken (by the config and by
  // mock-dcs-provider-check, which said PASS, "passed on: gdpr, us_privacy"); the DCS appended the
  // privacy parameters after the `#` (`…/segments#v2?gdpr=1&gdpr_consent=…`), and no HTTP client
  // sends a fragment: the provider never saw gdpr=1 for an EU visitor.
  it('refuses a content provider URL with a #fragment, where the privacy parameters would never be sent', () => {
    const problems = problemsOf({
      partners: {
        acme: {
          allowedOrigins: ['https://ok.example'],
          contentProviders: [
            { id: 1, dpid: 777, url: 'http://127.0.0.1:1/v1/visitors/${DPUUID}/segments#v2', timeoutMs: 300 },
            { id: 2, dpid: 778, url: 'http://127.0.0.1:1/s?uid=${DPUUID}', timeoutMs: 300 },
          ],
        },
      },
    });
    expect(problems).toEqual([
      'partners.acme.contentProviders[0].url: has a #fragment, which HTTP clients never send: the privacy parameters the DCS appends (gdpr, gdpr_consent, …) would go after it and never reach the endpoint: remove it',
    ]);
  });
  // New-user trial (packed tarballs): a provider written with `"timeout": 300` for `timeoutMs`,
  // or its URL with `$DPUUID`, was refused with one line for the whole entry ("expected { id,
  // dpid, url: http(s) URL with ${DPUUID}, timeoutMs }"), which said neither what nor where.
  it('names each problem of a content provider entry: an unknown key with the one it stands for, a URL without ${DPUUID}', () => {
    const problems = problemsOf({
      partners: {
        acme: {
          allowedOrigins: ['https://ok.example'],
          contentProviders: [
            { id: 1, dpid: 777, url: 'http://127.0.0.1:1/s?uid=${DPUUID}', timeout: 300 },
            { id: 2, dpid: 778, url: 'http://127.0.0.1:1/s?uid=$DPUUID', timeoutMs: 300 },
            { id: 3, dpid: 779, url: 'http://127.0.0.1:1/s?uid={DPUUID}', timeoutMs: 300 },
            { id: 4, dpid: 780, url: 'http://127.0.0.1:1/s?uid=42', timeoutMs: 300 },
            { id: 5, dpid: 781, url: 'cp.example/s?uid=${DPUUID}', timeoutMs: '300' },
            { id: 6, dpid: 782, url: 'http://127.0.0.1:1/s?device=${UUID}', timeoutMs: 300 },
          ],
        },
      },
    });
    expect(problems).toEqual([
      'partners.acme.contentProviders[0].timeout: unknown option; did you mean timeoutMs? (expected id, name, dpid, url, timeoutMs)',
      'partners.acme.contentProviders[1].url: write the macro ${DPUUID}, with its $ and braces ($DPUUID is sent as it is)',
      'partners.acme.contentProviders[2].url: write the macro ${DPUUID}, with its $ and braces ({DPUUID} is sent as it is)',
      'partners.acme.contentProviders[3].url: has no ${DPUUID} (your ID for the visitor), so every visitor gets the same call',
      'partners.acme.contentProviders[4].url: expected an http(s) URL with ${DPUUID}, such as "https://cp.example/segments?uid=${DPUUID}"',
      'partners.acme.contentProviders[4].timeoutMs: expected a positive whole number of milliseconds, such as 300',
    ]);
  });

  it('refuses a config without partners', () => {
    expect(() => compileConfig({ defaultPartner: 'a', partners: {} })).toThrow(/at least one partner/);
    expect(() => compileConfig(null)).toThrow(ConfigError);
  });
});
